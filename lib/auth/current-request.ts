import "server-only";
import { headers } from "next/headers";
import type { RequestContext } from "../audit";
import { requestContextFrom } from "./request-context";

/** The client address and user agent of the request a page or server action serves. */
export async function currentRequestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers());
}

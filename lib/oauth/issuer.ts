import { env } from "../env";
import { requestOrigin } from "../request-origin";

/**
 * The issuer identifier (RFC 8414 2): KEYWARD_URL (required in production, lib/env.ts),
 * otherwise the origin the request came to. It is also the `iss` of authorization responses (RFC 9207), which lets a client
 * that talks to several servers tell whose code it holds.
 */
export function issuerFor(requestOrigin: string): string {
  return env().publicUrl ?? requestOrigin;
}

/** The issuer for a route handler's request (its own request.url names the bind address). */
export function issuerForRequest(request: Request): string {
  return issuerFor(requestOrigin(request.headers));
}

// Who presented a credential, as usage records it: the client address server.mjs rebuilt
// into X-Forwarded-For (the peer, or what the trusted proxies saw; a client cannot choose it)
// and the User-Agent header, cut short so a client cannot fill memory or the table with it.
import type { RequestContext } from "../audit";
import { requestContextFrom } from "../auth/request-context";

export interface UsageClient {
  /** "" when unknown (a request that did not come through server.mjs). */
  address: string;
  /** "" when none was sent. */
  userAgent: string;
}

export const MAX_USER_AGENT_LENGTH = 200;
/** The longest IPv6 text form with a zone is under 64; anything longer is not an address. */
const MAX_ADDRESS_LENGTH = 64;

/**
 * The usage client of a request whose context (lib/auth/request-context.ts: the first
 * X-Forwarded-For entry, trimmed, and the User-Agent) was already read: the verifier reads the
 * headers once for both.
 */
export function usageClientFrom(context: RequestContext): UsageClient {
  return {
    address: context.ip === null ? "" : context.ip.slice(0, MAX_ADDRESS_LENGTH),
    userAgent: context.userAgent === null ? "" : context.userAgent.trim().slice(0, MAX_USER_AGENT_LENGTH),
  };
}

export function usageClientOf(headers: Headers): UsageClient {
  return usageClientFrom(requestContextFrom(headers));
}

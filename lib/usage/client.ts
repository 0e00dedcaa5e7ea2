// Who presented a credential, as usage records it: the client address server.mjs rebuilt
// into X-Forwarded-For (the peer, or what the trusted proxies saw; a client cannot choose it)
// and the User-Agent header, cut short so a client cannot fill memory or the table with it.

export interface UsageClient {
  /** "" when unknown (a request that did not come through server.mjs). */
  address: string;
  /** "" when none was sent. */
  userAgent: string;
}

export const MAX_USER_AGENT_LENGTH = 200;
/** The longest IPv6 text form with a zone is under 64; anything longer is not an address. */
const MAX_ADDRESS_LENGTH = 64;

export function usageClientOf(headers: Headers): UsageClient {
  // server.mjs leaves exactly one address; the first entry is taken should a proxy-less
  // development server (next dev) pass the client's own list through.
  const forwarded = headers.get("x-forwarded-for") ?? "";
  const address = (forwarded.split(",")[0] ?? "").trim().slice(0, MAX_ADDRESS_LENGTH);
  const userAgent = (headers.get("user-agent") ?? "").trim().slice(0, MAX_USER_AGENT_LENGTH);
  return { address, userAgent };
}

import { env } from "../env";

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The origin a request was addressed to: its Host header (Next's own request.url says
 * "localhost" whatever the client asked for) and X-Forwarded-Proto when a TLS proxy sets it.
 * Only for building the issuer when KEYWARD_URL is unset: a client choosing its Host only
 * changes the URLs it is told, never what it may do.
 */
export function requestOrigin(headers: Headers, fallbackUrl: string): string {
  const host = headers.get("host");
  if (!host || !HOST.test(host)) return new URL(fallbackUrl).origin;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

/**
 * The issuer identifier (RFC 8414 2): KEYWARD_URL when set, otherwise the origin the request
 * came to. It is also the `iss` of authorization responses (RFC 9207), which lets a client
 * that talks to several servers tell whose code it holds.
 */
export function issuerFor(requestOrigin: string): string {
  return env().publicUrl ?? requestOrigin;
}

export function issuerForRequest(request: Request): string {
  return issuerFor(requestOrigin(request.headers, request.url));
}

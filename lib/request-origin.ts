// The origin (scheme://host[:port]) a request was addressed to, from its headers, so that a
// page, a server action and a route handler all name the same origin for the same request
// (the OAuth issuer, lib/oauth/issuer.ts). Route handlers' own request.url is no use here:
// behind server.mjs its host is the address the server is bound to (0.0.0.0 by default),
// not the one the browser used. As in Next.js itself, X-Forwarded-Proto says whether the
// request came in over https (a TLS-terminating proxy sets it). Set KEYWARD_URL in
// production and none of this matters: the issuer is then fixed.
type HeaderSource = { get(name: string): string | null };

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function requestOrigin(headers: HeaderSource): string {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https" ? "https" : "http";
  const host = headers.get("host")?.trim() ?? "";
  // A Host header that is not a host name (or is missing) cannot name an origin.
  return new URL(`${proto}://${HOST.test(host) ? host : "localhost"}`).origin;
}

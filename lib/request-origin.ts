// The origin (scheme://host[:port]) a request was addressed to, from its headers, so that a
// page, a server action and a route handler all name the same origin for the same request
// (the OAuth issuer when KEYWARD_URL is unset, lib/oauth/issuer.ts). Route handlers' own
// request.url is no use here: behind server.mjs its host is the address the server is bound
// to (0.0.0.0 by default), not the one the browser used.
//
// X-Forwarded-Host and X-Forwarded-Proto are read as Next.js reads them, and are only what a
// trusted proxy said: server.mjs removes any a client sent unless KEYWARD_TRUSTED_PROXIES
// says a proxy in front sets them (Next.js then fills X-Forwarded-Host from Host). Production
// requires KEYWARD_URL (lib/env.ts), so there none of this names the issuer.
type HeaderSource = { get(name: string): string | null };

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

const first = (value: string | null | undefined) => value?.split(",")[0]?.trim() ?? "";

export function requestOrigin(headers: HeaderSource): string {
  const proto = first(headers.get("x-forwarded-proto")).toLowerCase() === "https" ? "https" : "http";
  const host = first(headers.get("x-forwarded-host")) || (headers.get("host")?.trim() ?? "");
  // A Host header that is not a host name (or is missing) cannot name an origin.
  return new URL(`${proto}://${HOST.test(host) ? host : "localhost"}`).origin;
}

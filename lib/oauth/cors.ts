// CORS on /oauth2/token and /oauth2/revoke, so a single-page app on another origin can read
// the token it obtained with its client_id and PKCE (OAuth 2.1 / RFC 9700 browser-based
// clients). Nothing here involves cookies: these endpoints authenticate the client from the
// request itself, never from a session, and no answer carries Access-Control-Allow-Credentials,
// so a browser never sends a request in credentials mode that could be read.
import type { OAuthClientRecord } from "./clients";

/**
 * For a public client's requests. "*" is safe here: the answer is only ever worth something to
 * whoever already holds the code and its PKCE verifier (or the token being revoked), and "*"
 * makes browsers refuse to expose it to a request sent with credentials.
 */
const PUBLIC_CLIENT_CORS = { "Access-Control-Allow-Origin": "*" } as const;

/**
 * A confidential client's requests get no CORS headers: its secret belongs on a server, and an
 * answer a page cannot read is what keeps a secret embedded in a web page from being useful.
 */
export function corsHeadersFor(client: Pick<OAuthClientRecord, "isPublic"> | null): Record<string, string> {
  return client?.isPublic ? { ...PUBLIC_CLIENT_CORS } : {};
}

/**
 * The preflight, answered before the client is known (a preflight has no body). A public
 * client's form POST needs none (a form content type is CORS-safelisted); this serves apps
 * whose HTTP library adds a preflight anyway. Only Content-Type is allowed: Authorization
 * would carry a confidential client's Basic credentials, which never come from a browser.
 */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...PUBLIC_CLIENT_CORS,
      "Access-Control-Allow-Methods": "POST",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "600",
      "Cache-Control": "no-store",
    },
  });
}

// Which redirect URIs an OAuth app may register (RFC 6749 3.1.2, RFC 8252 for native apps,
// RFC 9700 2.1 / 4.1). Whether a presented redirect_uri matches a registered one is
// lib/oauth/redirect-uri.ts.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** A private-use scheme in reverse-DNS form (RFC 8252 7.1), e.g. com.example.app:/callback. */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/;
export const MAX_REDIRECT_URI_LENGTH = 2000;
export const MAX_REDIRECT_URIS = 10;

/** Why this redirect URI cannot be registered, or null when it can. */
export function redirectUriProblem(value: string): string | null {
  if (value.length > MAX_REDIRECT_URI_LENGTH) return `Use at most ${MAX_REDIRECT_URI_LENGTH} characters`;
  if (/[\s<>"{}|\\^`]/.test(value)) return 'A redirect URI cannot contain spaces or < > " { } | \\ ^ `';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URI, such as https://app.example.com/callback";
  }
  if (url.hash !== "" || value.includes("#")) return "A redirect URI cannot have a fragment (#…)";
  if (url.username !== "" || url.password !== "") return "A redirect URI cannot carry a user name or password";
  if (url.protocol === "https:") return url.hostname ? null : "Name the host";
  if (url.protocol === "http:") {
    // RFC 8252 7.3: plain http only to the user's own machine (a native app's loopback listener).
    return LOOPBACK_HOSTS.has(url.hostname) ? null : "Use https (plain http only for localhost, 127.0.0.1 or [::1])";
  }
  if (PRIVATE_USE_SCHEME.test(url.protocol)) return null;
  return "Use https, http on localhost, or an app's reverse-DNS scheme (com.example.app:/callback)";
}

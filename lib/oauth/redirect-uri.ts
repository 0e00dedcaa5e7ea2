// Which redirect URIs an OAuth app may register (RFC 6749 3.1.2, RFC 8252 for native apps,
// RFC 9700 2.1 / 4.1), and whether a redirect_uri presented at authorization is one of them:
// compared as whole strings, never as patterns, except for the port of a loopback IP literal.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** A private-use scheme in reverse-DNS form (RFC 8252 7.1), e.g. com.example.app:/callback. */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/;
export const MAX_REDIRECT_URI_LENGTH = 2000;
export const MAX_REDIRECT_URIS = 10;

/** Why this redirect URI cannot be registered, or null when it can. */
export function redirectUriProblem(value: string): string | null {
  if (value.length > MAX_REDIRECT_URI_LENGTH) return `Use at most ${MAX_REDIRECT_URI_LENGTH} characters`;
  if (/[\s<>"{}|\\^`]/.test(value)) return "A redirect URI cannot contain spaces or < > \" { } | \\ ^ `";
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

/**
 * A loopback IP literal redirect URI cut around its port: `http://` + host, the port (""
 * when none), and everything after it, exactly as written.
 */
const LOOPBACK_IP_URI = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::([1-9][0-9]{0,4}))?(?=[/?]|$)(.*)$/s;

function loopbackParts(uri: string): { host: string; port: string; rest: string } | null {
  const match = LOOPBACK_IP_URI.exec(uri);
  if (!match) return null;
  // Stryker disable next-line StringLiteral: Number("") is 0, so a missing port passes the range check whatever stands in for it, and no caller reads the port
  const port = match[2] ?? "";
  // Stryker disable next-line StringLiteral: as above, the empty port is within range either way
  if (port !== "" && Number(port) > 65535) return null;
  return { host: match[1]!, port, rest: match[3]! };
}

/**
 * Whether `presented` (an authorization request's redirect_uri) names the registered redirect
 * URI `registered`. Exact string equality (RFC 9700 4.1.3), with one exception: a native app's
 * loopback listener gets a port from the operating system at run time, so for http://127.0.0.1
 * and http://[::1] any port matches (RFC 8252 7.3), registered with a port or without; scheme,
 * host, path and query must still be exactly the registered ones. `localhost` gets no such
 * leeway: it is a name, not an IP literal, and may resolve to something other than this
 * machine's loopback interface (a hosts file, a DNS answer), so RFC 8252 8.3 tells native apps
 * not to rely on it and its redirect URIs stay exact.
 */
export function redirectUriMatches(registered: string, presented: string): boolean {
  if (registered === presented) return true;
  const want = loopbackParts(registered);
  const got = want ? loopbackParts(presented) : null;
  return want !== null && got !== null && want.host === got.host && want.rest === got.rest;
}

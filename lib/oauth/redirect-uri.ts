// Whether a redirect_uri presented at authorization is one of the app's registered ones
// (which URIs may be registered: lib/validations/redirect-uri.ts): compared as whole strings,
// never as patterns, except for the port of a loopback IP literal (RFC 8252 7.3, RFC 9700 4.1.3).

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

// Where to send a user back to after signing in (or after choosing a new password): only a
// path on Keyward itself. "//evil.example" and "/\evil.example" look like paths but browsers
// resolve them to another site, so they are refused, as is anything with control characters.
const LOCAL_PATH = /^\/(?![/\\])[^\s\u0000-\u001f\u007f]*$/;

export function safeLocalPath(value: unknown, maxLength = 4000): string | null {
  return typeof value === "string" && value.length <= maxLength && LOCAL_PATH.test(value) ? value : null;
}

/**
 * next-auth's redirect callback (lib/auth/options.ts): where signing in or out may send the
 * browser, from a callbackUrl the client chose (form field, query or cookie). Always an
 * address on `baseUrl`, and never a throw: next-auth's default runs `new URL()` on anything
 * that does not start with "/", so "http://localhost:3000.evil.example/" (a port that is not
 * a number) was a 500.
 */
export function sameSiteRedirect(url: unknown, baseUrl: string): string {
  const path = safeLocalPath(url) ?? sameOriginPath(url, baseUrl);
  return path ? `${baseUrl}${path}` : baseUrl;
}

function sameOriginPath(url: unknown, baseUrl: string): string | null {
  if (typeof url !== "string" || url.length > 4000 || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.origin !== baseUrl || parsed.username !== "" || parsed.password !== "") return null;
  return safeLocalPath(`${parsed.pathname}${parsed.search}${parsed.hash}`);
}

// Where to send a user back to after signing in (or after choosing a new password): only a
// path on Keyward itself. "//evil.example" and "/\evil.example" look like paths but browsers
// resolve them to another site, so they are refused, as is anything with control characters.
const LOCAL_PATH = /^\/(?![/\\])[^\s\u0000-\u001f\u007f]*$/;

export function safeLocalPath(value: unknown, maxLength = 4000): string | null {
  return typeof value === "string" && value.length <= maxLength && LOCAL_PATH.test(value) ? value : null;
}

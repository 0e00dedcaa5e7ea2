// bcrypt reads the first 72 bytes of a password (UTF-8) and silently ignores the rest, so a
// longer password would be stored as less than what was typed. The limit is in bytes: a
// letter outside ASCII takes 2 to 4 of them, an emoji 4. No zod here: the sign-in form's
// messages import it into the browser.
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_TOO_LONG_MESSAGE = `Use at most ${PASSWORD_MAX_BYTES} bytes (UTF-8): letters outside ASCII count 2 to 4 bytes each, emoji 4`;
/** At sign-in: no password Keyward accepts is longer, so a longer one is refused without a check. */
export const SIGN_IN_PASSWORD_TOO_LONG_MESSAGE = `A password has at most ${PASSWORD_MAX_BYTES} bytes (UTF-8), so this one cannot be right`;

const utf8 = new TextEncoder();

export function fitsPasswordBytes(password: string): boolean {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most passwords need no encoding to know.
  return password.length * 3 <= PASSWORD_MAX_BYTES || utf8.encode(password).length <= PASSWORD_MAX_BYTES;
}

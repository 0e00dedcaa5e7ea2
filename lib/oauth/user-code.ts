// The user code of the device flow (RFC 8628 6.1): what a person reads off a terminal and types
// on /device. Eight letters from an alphabet without vowels (no words spelled by accident) and
// without letters that look alike (RFC 8628 6.1's example), shown as XXXX-XXXX. 20^8 ≈ 2.6e10
// codes against a handful of guesses per minute (lib/oauth/device-verification.ts) and a
// ten-minute life: guessing one that is live is hopeless.
import { randomBytes } from "node:crypto";

export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
export const USER_CODE_LENGTH = 8;

/**
 * A new user code in its canonical form (eight letters, no dash). Bytes of 240 (12 * 20) or
 * more are dropped so `% 20` has no bias; `source` lets tests feed chosen bytes.
 */
export function generateUserCode(source: (size: number) => Uint8Array = randomBytes): string {
  let out = "";
  while (out.length < USER_CODE_LENGTH) {
    for (const byte of source(USER_CODE_LENGTH * 2)) {
      if (byte < 240) out += USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length];
      if (out.length === USER_CODE_LENGTH) break;
    }
  }
  return out;
}

/** XXXX-XXXX: how the code is shown to the user and sent in verification_uri_complete. */
export function displayUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What the user typed, in canonical form, or null when it cannot be a user code. RFC 8628 6.1:
 * case and the dash (and spaces) do not matter, so "bcdf-ghjk", "BCDF GHJK" and "bcdfghjk"
 * are the same code.
 */
export function normalizeUserCode(typed: string): string | null {
  if (typed.length > 40) return null;
  const code = typed.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const letter of code) if (!USER_CODE_ALPHABET.includes(letter)) return null;
  return code;
}

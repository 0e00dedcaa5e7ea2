// The shape of every Keyward secret: kw_<kind>_<32 random base62><6 base62 CRC-32>.
//
// - The prefix names the kind, so a leaked token is recognisable by a secret scanner and by
//   a person (like GitHub's ghp_ or Stripe's sk_live_).
// - 32 base62 characters carry 32 * log2(62) ≈ 190 bits of randomness (at least 160 asked).
// - The CRC-32 tail lets a mistyped or truncated token be refused before any database
//   look-up. It is not a MAC: anyone can compute it; the keyed hash in the database is
//   what makes a token valid.
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const BODY_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
const SECRET_PATTERN = new RegExp(`^kw_([a-z]{2,5})_([0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}})$`);

/**
 * Uniform random base62: bytes of 248 (4 * 62) or more are dropped so `% 62` has no bias.
 * `source` is there so tests can feed chosen bytes across that boundary.
 */
export function randomBase62(length: number, source: (size: number) => Uint8Array = randomBytes): string {
  let out = "";
  while (out.length < length) {
    // Stryker disable next-line ArithmeticOperator: how many bytes are drawn per round only changes how often the loop repeats
    for (const byte of source(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

function checksum(text: string): string {
  let value = crc32(text);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function prefixOf(code: string): string {
  return `kw_${code}_`;
}

/** A new secret of the kind with this code (pat, at, ak, …). */
export function mintSecret(code: string): string {
  const head = prefixOf(code) + randomBase62(BODY_LENGTH);
  return head + checksum(head);
}

export type ParsedSecret = { ok: true; code: string } | { ok: false; reason: "malformed" | "checksum" };

/** Checks the form and the checksum of a presented secret, without any look-up. */
export function parseSecret(candidate: string): ParsedSecret {
  const match = SECRET_PATTERN.exec(candidate);
  if (!match) return { ok: false, reason: "malformed" };
  const head = candidate.slice(0, candidate.length - CHECKSUM_LENGTH);
  if (checksum(head) !== candidate.slice(-CHECKSUM_LENGTH)) return { ok: false, reason: "checksum" };
  return { ok: true, code: match[1]! };
}

/** The non-secret hint shown after creation: the prefix and the last four characters. */
export function hintOf(secret: string): string {
  const parsed = SECRET_PATTERN.exec(secret);
  const prefix = parsed ? prefixOf(parsed[1]!) : "";
  return `${prefix}…${secret.slice(-4)}`;
}

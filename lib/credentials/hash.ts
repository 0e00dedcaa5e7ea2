// Stored credentials are HMAC-SHA-256 digests of the secret under a key derived from the
// root secret. Secrets are ~190-bit random strings, so a fast keyed hash is as strong as a
// slow one here, and it keeps verification off bcrypt's 100 ms; the key means a stolen
// database alone cannot even confirm a guessed token.
import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey } from "../auth/keys";

export function hashSecret(secret: string): string {
  return createHmac("sha256", derivedKey("credential-hash")).update(secret, "utf8").digest("hex");
}

/** Constant-time equality of two hex digests of the same length. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

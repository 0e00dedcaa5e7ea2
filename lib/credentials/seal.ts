// Sealing a secret Keyward must be able to show again (only the account API key: TrackVia lets
// a super admin copy it at any time). AES-256-GCM under a key derived from KEYWARD_SECRET for
// this purpose alone, a fresh random 12-byte IV per seal, and the tag checked on opening, so a
// sealed value changed in the database is refused rather than opened into something else.
// The credential's id is bound in as associated data: a sealed value copied onto another row
// does not open there either.
//
// Stored form: "v1." + base64url(iv | tag | ciphertext). The version names the key and the
// layout, so a later key (a rotated root secret, another cipher) can be told apart from this one.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { derivedKey, type KeyPurpose } from "../auth/keys";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealError";
  }
}

/** The key's purpose: the account API key by default; the ID token signing keys have their own. */
type SealPurpose = Extract<KeyPurpose, "account-key-seal" | "signing-key-seal">;

export function sealSecret(secret: string, boundTo: string, purpose: SealPurpose = "account-key-seal"): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", derivedKey(purpose), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

/** The secret sealed by sealSecret for the same `boundTo`; SealError if it was changed or is not ours. */
export function openSealed(sealed: string, boundTo: string, purpose: SealPurpose = "account-key-seal"): string {
  const dot = sealed.indexOf(".");
  if (dot === -1 || sealed.slice(0, dot) !== VERSION) throw new SealError("Unknown sealed-secret version");
  const raw = Buffer.from(sealed.slice(dot + 1), "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new SealError("Sealed secret too short");
  const decipher = createDecipheriv("aes-256-gcm", derivedKey(purpose), raw.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(boundTo, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    // GCM's tag did not match: the stored value (or the key) is not the one that sealed it.
    throw new SealError("Sealed secret failed its integrity check");
  }
}

// Endpoint signing secrets. Keyward signs every delivery with them, so unlike credentials they
// cannot be hashed: they are stored encrypted with AES-256-GCM under a key derived from the
// root secret (lib/auth/keys.ts), so a copy of the database alone does not reveal them.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { derivedKey } from "../auth/keys";

/** Standard Webhooks secrets: whsec_ and the base64 of 24 to 64 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

const VERSION = "v1";

/** v1.<iv>.<ciphertext>.<tag>, each base64url; the version lets the format change later. */
export function encryptSigningSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derivedKey("webhook-secret"), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decryptSigningSecret(stored: string): string {
  const [version, iv, ciphertext, tag] = stored.split(".");
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error("Unreadable webhook signing secret");
  const decipher = createDecipheriv("aes-256-gcm", derivedKey("webhook-secret"), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

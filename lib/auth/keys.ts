// Keys derived from the one root secret (KEYWARD_SECRET or the generated local one), each
// for one purpose, so no two uses share a key.
import { hkdfSync } from "node:crypto";
import { env } from "../env";

export type KeyPurpose = "session" | "credential-hash" | "webhook-secret" | "account-key-seal" | "signing-key-seal";

const cache = new Map<KeyPurpose, Buffer>();

export function derivedKey(purpose: KeyPurpose): Buffer {
  let key = cache.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", env().secret, "keyward", `keyward ${purpose} v1`, 32));
    cache.set(purpose, key);
  }
  return key;
}

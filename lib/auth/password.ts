// User passwords: bcrypt, where slowness is the point (cost from the environment, >= 12
// outside tests). Never used for API credentials, which are high-entropy and keyed-hashed.
import { randomBytes } from "node:crypto";
import bcrypt from "bcrypt";
import { env } from "../env";

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, env().bcryptCost);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * A password Keyward makes for someone (the first super admin, a new network's admin): 120
 * random bits, 20 URL-safe characters, printed once and stored only as a hash.
 */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check, for sign-in attempts with an unknown email, so the
 * response time does not tell an attacker which addresses have accounts.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= bcrypt.hash("keyward-timing-equaliser", env().bcryptCost);
  await bcrypt.compare(password, await dummyHash);
}

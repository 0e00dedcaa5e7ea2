// User passwords: bcrypt, where slowness is the point (cost from the environment, >= 12
// outside tests). Never used for API credentials, which are high-entropy and keyed-hashed.
import bcrypt from "bcrypt";
import { env } from "../env";

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, env().bcryptCost);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
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

// User passwords: bcrypt, where slowness is the point (cost from the environment, >= 12
// outside tests). Never used for API credentials, which are high-entropy and keyed-hashed.
import { randomBytes } from "node:crypto";
import bcrypt from "bcrypt";
import { env } from "../env";

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, env().bcryptCost);
}

// An API user made without a password (New User, "API user (no sign-in)") stores this marker
// and random bytes instead of a bcrypt hash: no password can match it, because it is not a
// hash of anything. It never reaches bcrypt; the same time is spent as a real check.
const NO_PASSWORD_MARKER = "!no-password:";

/** The passwordHash of a user who has no password: nothing typed at any sign-in matches it. */
export function unusablePasswordHash(): string {
  return NO_PASSWORD_MARKER + randomBytes(16).toString("hex");
}

/** Whether the user has no password at all (an API user created without one). */
export function hasNoPassword(hash: string): boolean {
  return hash.startsWith(NO_PASSWORD_MARKER);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (hasNoPassword(hash)) {
    await burnPasswordCheck(password);
    return false;
  }
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

// The cap on active personal API credentials one user may hold (KEYWARD_LIMIT_ACTIVE_API_CREDENTIALS),
// checked the same way whether the owner creates one or a replacement is made for them.
import type { Tx } from "../db";
import { CredentialRuleError } from "./errors";
import { issuanceLimits, serializeIssuance } from "./issuance-limits";
import { personalCredential } from "./kinds/personal-credential";
import { usableWhere } from "./lifecycle";

/**
 * Throws when `ownerId` already holds the most active personal credentials allowed. Issuances
 * for one user take turns here (inside the caller's transaction), so concurrent creations
 * cannot count the same free place twice. `who` words the refusal ("You", "This user").
 */
export async function assertRoomForPersonalCredential(
  tx: Tx,
  ownerId: string,
  now: Date,
  who: "you" | "this user",
): Promise<void> {
  const limit = issuanceLimits().activeApiCredentials;
  await serializeIssuance(tx, `pat:${ownerId}`, now);
  const active = await tx.credential.count({
    where: { userId: ownerId, kind: personalCredential.code, ...usableWhere(now) },
  });
  if (active < limit) return;
  throw new CredentialRuleError(
    who === "you"
      ? `You already have ${limit} active API credentials, the most one user can hold. Revoke one you no longer use first.`
      : `This user already has ${limit} active API credentials, the most one user can hold. Revoke one first.`,
  );
}

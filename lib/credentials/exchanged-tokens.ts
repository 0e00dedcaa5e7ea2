// The API tokens a user obtained at the token exchange (Deskpro) were bought with their
// password: a new password, chosen by them or set by an admin, ends them too, so a leaked
// password stops being worth anything once it is changed.
import type { Tx } from "../db";
import { apiToken } from "./kinds/api-token";
import { notExpiredWhere } from "./lifecycle";

/**
 * Revokes the user's exchanged tokens that still work; called inside the transaction that
 * changes the password, which records the returned count on its audit row. The caller
 * clears the verifier cache (lib/credentials/cache.ts) once the transaction has committed.
 */
export async function revokeExchangedTokens(tx: Tx, userId: string, now: Date): Promise<number> {
  const { count } = await tx.credential.updateMany({
    where: { userId, kind: apiToken.code, status: { not: "revoked" }, ...notExpiredWhere(now) },
    data: { status: "revoked", revokedAt: now },
  });
  return count;
}

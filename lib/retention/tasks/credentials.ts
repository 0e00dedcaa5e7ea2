// Credentials that expired or were revoked more than the retention period ago. Their audit
// rows stay: AuditEvent has no foreign key to Credential and names a credential by its hint,
// so the audit log reads the same after the row is gone. Nothing still in use is touched: a
// credential with no expiry that is not revoked (an OAuth app's current secret, the account
// API key, a personal credential) never matches.
import { authToken } from "../../credentials/kinds/auth-token";
import { DAY_MS, type PurgeTask } from "./purge-task";

export const purgeCredentials: PurgeTask = {
  name: "credentials",
  async purgeBatch(db, { now, retentionDays, batchSize }) {
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    const where = { OR: [{ expiresAt: { lt: cutoff } }, { status: "revoked", revokedAt: { lt: cutoff } }] };
    return db.$transaction(async (tx) => {
      const rows = await tx.credential.findMany({
        where,
        select: { id: true, kind: true, accountId: true },
        take: batchSize,
      });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      // An expired auth token still counts against its account's 100 (Account.authTokenCount),
      // so each account's tokens are deleted apart and its counter drops by exactly the number
      // deleted (not found: a super admin may delete one of them at the same moment).
      const groups = new Map<string | null, string[]>();
      for (const row of rows) {
        const group = row.kind === authToken.code ? row.accountId : null;
        groups.set(group, [...(groups.get(group) ?? []), row.id]);
      }
      let deleted = 0;
      for (const [accountId, ids] of groups) {
        const removed = await tx.credential.deleteMany({ where: { ...where, id: { in: ids } } });
        if (accountId !== null && removed.count > 0) {
          await tx.account.update({ where: { id: accountId }, data: { authTokenCount: { decrement: removed.count } } });
        }
        deleted += removed.count;
      }
      return { found: rows.length, deleted };
    });
  },
};

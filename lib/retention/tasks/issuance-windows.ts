// Issuance windows (lib/credentials/issuance-limits.ts) whose window has ended count nothing:
// the next issuance for that key opens a new one.
import type { PurgeTask } from "./purge-task";

export const purgeIssuanceWindows: PurgeTask = {
  name: "issuanceWindows",
  async purgeBatch(db, { now, batchSize }) {
    const where = { windowEnd: { lt: now } };
    return db.$transaction(async (tx) => {
      const rows = await tx.issuanceWindow.findMany({ where, select: { key: true }, take: batchSize });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      const removed = await tx.issuanceWindow.deleteMany({
        where: { ...where, key: { in: rows.map((row) => row.key) } },
      });
      return { found: rows.length, deleted: removed.count };
    });
  },
};

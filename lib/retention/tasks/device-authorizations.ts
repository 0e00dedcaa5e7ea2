// Device authorizations live ten minutes (RFC 8628); expired ones, answered or not, are kept a
// day like spent authorization codes (what happened stays inspectable), then removed.
import { KEEP_SPENT_CODES_MS } from "../../oauth/authorization-codes";
import type { PurgeTask } from "./purge-task";

export const purgeDeviceAuthorizations: PurgeTask = {
  name: "deviceAuthorizations",
  async purgeBatch(db, { now, batchSize }) {
    const where = { expiresAt: { lt: new Date(now.getTime() - KEEP_SPENT_CODES_MS) } };
    return db.$transaction(async (tx) => {
      const rows = await tx.deviceAuthorization.findMany({ where, select: { id: true }, take: batchSize });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      const removed = await tx.deviceAuthorization.deleteMany({
        where: { ...where, id: { in: rows.map((row) => row.id) } },
      });
      return { found: rows.length, deleted: removed.count };
    });
  },
};

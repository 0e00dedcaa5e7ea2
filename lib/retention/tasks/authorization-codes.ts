// Authorization codes live five minutes; used and expired ones are kept a day so that a
// replayed code still revokes the token it bought (lib/oauth/grants.ts), then removed.
import { KEEP_SPENT_CODES_MS } from "../../oauth/authorization-codes";
import type { PurgeTask } from "./purge-task";

export const purgeAuthorizationCodes: PurgeTask = {
  name: "authorizationCodes",
  async purgeBatch(db, { now, batchSize }) {
    const where = { expiresAt: { lt: new Date(now.getTime() - KEEP_SPENT_CODES_MS) } };
    return db.$transaction(async (tx) => {
      const rows = await tx.oAuthAuthorizationCode.findMany({ where, select: { id: true }, take: batchSize });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      const removed = await tx.oAuthAuthorizationCode.deleteMany({
        where: { ...where, id: { in: rows.map((row) => row.id) } },
      });
      return { found: rows.length, deleted: removed.count };
    });
  },
};

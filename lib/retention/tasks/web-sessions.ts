// Browser sessions (lib/auth/web-sessions.ts) that were signed out or outlived their absolute
// lifetime can never be used again: the guard wants an open row inside the lifetime, so a
// deleted row refuses the same cookie an ended one did. Without this task a user who never
// signs in again would keep their ended rows for ever.
import { sessionCutoff } from "../../auth/web-sessions";
import type { PurgeTask } from "./purge-task";

export const purgeWebSessions: PurgeTask = {
  name: "webSessions",
  async purgeBatch(db, { now, batchSize }) {
    const where = { OR: [{ endedAt: { not: null } }, { signedInAt: { lte: sessionCutoff(now.getTime()) } }] };
    return db.$transaction(async (tx) => {
      const rows = await tx.webSession.findMany({ where, select: { id: true }, take: batchSize });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      const removed = await tx.webSession.deleteMany({
        where: { AND: [where, { id: { in: rows.map((row) => row.id) } }] },
      });
      return { found: rows.length, deleted: removed.count };
    });
  },
};

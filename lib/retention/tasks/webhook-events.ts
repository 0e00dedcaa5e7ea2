// Webhook events (lib/webhook-outbox) with their deliveries and attempts, once they are older
// than the retention period and none of their deliveries is still being retried: the delivery
// log is for troubleshooting, and without this task it would grow with every event.
import type { PurgeTask } from "./purge-task";
import { DAY_MS } from "./purge-task";

export const purgeWebhookEvents: PurgeTask = {
  name: "webhookEvents",
  async purgeBatch(db, { now, retentionDays, batchSize }) {
    const where = {
      createdAt: { lte: new Date(now.getTime() - retentionDays * DAY_MS) },
      deliveries: { none: { status: "pending" } },
    };
    return db.$transaction(async (tx) => {
      const rows = await tx.webhookEvent.findMany({ where, select: { id: true }, take: batchSize });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      // Deliveries and attempts go with their event (ON DELETE CASCADE).
      const removed = await tx.webhookEvent.deleteMany({
        where: { AND: [where, { id: { in: rows.map((row) => row.id) } }] },
      });
      return { found: rows.length, deleted: removed.count };
    });
  },
};

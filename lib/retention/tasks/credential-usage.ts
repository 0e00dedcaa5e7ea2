// Usage counts and recent clients (lib/usage) older than USAGE_RETENTION_DAYS. Batched by
// credential: a batch removes every old row of up to batchSize credentials.
import { USAGE_RETENTION_DAYS } from "../../usage/read";
import { hourOf } from "../../usage/tally";
import { DAY_MS, type PurgeTask } from "./purge-task";

export const purgeCredentialUsage: PurgeTask = {
  name: "credentialUsage",
  async purgeBatch(db, { now, batchSize }) {
    const cutoff = now.getTime() - USAGE_RETENTION_DAYS * DAY_MS;
    const old = { hour: { lt: hourOf(cutoff) } };
    return db.$transaction(async (tx) => {
      const rows = await tx.credentialUsage.findMany({
        where: old,
        select: { credentialId: true },
        distinct: ["credentialId"],
        take: batchSize,
      });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      const removed = await tx.credentialUsage.deleteMany({
        where: { ...old, credentialId: { in: rows.map((row) => row.credentialId) } },
      });
      return { found: rows.length, deleted: removed.count };
    });
  },
};

export const purgeCredentialClients: PurgeTask = {
  name: "credentialClients",
  async purgeBatch(db, { now, batchSize }) {
    const old = { lastSeenAt: { lt: new Date(now.getTime() - USAGE_RETENTION_DAYS * DAY_MS) } };
    return db.$transaction(async (tx) => {
      const rows = await tx.credentialClient.findMany({
        where: old,
        select: { credentialId: true },
        distinct: ["credentialId"],
        take: batchSize,
      });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      const removed = await tx.credentialClient.deleteMany({
        where: { ...old, credentialId: { in: rows.map((row) => row.credentialId) } },
      });
      return { found: rows.length, deleted: removed.count };
    });
  },
};

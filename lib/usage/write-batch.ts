// Writes one batch of usage in one transaction. Counts are upserts that ADD to the stored row
// (INSERT ... ON CONFLICT DO UPDATE count = count + new), so instances flushing the same hour
// add up and nothing is counted twice or lost; the same statement on SQLite and PostgreSQL.
// A credential deleted since its use is skipped (the SELECT finds no row), not an error that
// would lose the rest of the batch.
import type { Db, Tx } from "../db";
import { MAX_RECENT_CLIENTS, type UsageBatch } from "./tally";

export async function writeUsageBatch(db: Db, batch: UsageBatch): Promise<void> {
  if (batch.counts.length === 0 && batch.clients.length === 0) return;
  await db.$transaction(async (tx) => {
    for (const { credentialId, hour, outcome, count } of batch.counts) {
      await tx.$executeRaw`
        INSERT INTO "CredentialUsage" ("credentialId", "hour", "outcome", "count")
        SELECT "id", CAST(${hour} AS INTEGER), CAST(${outcome} AS TEXT), CAST(${count} AS INTEGER)
        FROM "Credential" WHERE "id" = ${credentialId}
        ON CONFLICT ("credentialId", "hour", "outcome")
        DO UPDATE SET "count" = "CredentialUsage"."count" + excluded."count"`;
    }
    const credentials = new Set<string>();
    for (const { credentialId, address, userAgent, lastSeenAt } of batch.clients) {
      credentials.add(credentialId);
      const seen = new Date(lastSeenAt);
      // Only ever moves lastSeenAt forward, so instances flushing in any order agree.
      await tx.$executeRaw`
        INSERT INTO "CredentialClient" ("credentialId", "address", "userAgent", "lastSeenAt")
        SELECT "id", CAST(${address} AS TEXT), CAST(${userAgent} AS TEXT), ${seen}
        FROM "Credential" WHERE "id" = ${credentialId}
        ON CONFLICT ("credentialId", "address", "userAgent")
        DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"
        WHERE excluded."lastSeenAt" > "CredentialClient"."lastSeenAt"`;
    }
    for (const credentialId of credentials) await keepRecentClients(tx, credentialId);
  });
}

async function keepRecentClients(tx: Tx, credentialId: string): Promise<void> {
  const older = await tx.credentialClient.findMany({
    where: { credentialId },
    orderBy: { lastSeenAt: "desc" },
    skip: MAX_RECENT_CLIENTS,
    select: { address: true, userAgent: true },
  });
  if (older.length === 0) return;
  await tx.credentialClient.deleteMany({
    where: { credentialId, OR: older.map(({ address, userAgent }) => ({ address, userAgent })) },
  });
}

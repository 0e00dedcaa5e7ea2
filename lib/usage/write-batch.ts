// Writes one batch of usage in one transaction, in a handful of statements whatever its size:
// each Prisma statement costs a few hundred microseconds of its own, so one per counter made a
// flush of 5,000 credentials cost seconds of CPU that the requests of that instance waited for.
//   - counts: multi-row upserts that ADD to the stored row (ON CONFLICT DO UPDATE count = count
//     + new), so instances flushing the same hour add up and nothing is counted twice or lost;
//   - clients: multi-row upserts that only ever move lastSeenAt forward, so instances flushing
//     in any order agree;
//   - then ONE delete keeps the MAX_RECENT_CLIENTS most recently seen per credential of the batch.
// The same SQL on SQLite and PostgreSQL but for a timestamp parameter's type (databaseKindOf).
// Each row is joined with its Credential, so a credential deleted since its use is skipped (the
// join finds no row), not an error that would lose the rest of the batch.
import type { Db, Tx } from "../db";
import { databaseKindOf } from "../db/provider";
import type { DatabaseKind } from "../env";
import { Prisma } from "../generated/sqlite/client";
import { chunksOf, compareText as compare, ROWS_PER_STATEMENT, timestampParameter } from "../db/batch-statements";
import { MAX_RECENT_CLIENTS, type SeenClient, type UsageBatch, type UsageCount } from "./tally";

/** Credential ids per trimming statement (one parameter each). */
const IDS_PER_STATEMENT = 5_000;

export async function writeUsageBatch(db: Db, batch: UsageBatch): Promise<void> {
  if (batch.counts.length === 0 && batch.clients.length === 0) return;
  const kind = databaseKindOf(db);
  // Sorted so that two instances flushing at once lock the rows they share in the same order
  // (PostgreSQL), and one statement never names a row twice (ON CONFLICT could not add it twice).
  const counts = mergedCounts(batch.counts);
  const clients = latestClients(batch.clients);
  await db.$transaction(async (tx) => {
    for (const chunk of chunksOf(counts, ROWS_PER_STATEMENT)) await addCounts(tx, chunk);
    for (const chunk of chunksOf(clients, ROWS_PER_STATEMENT)) await seeClients(tx, kind, chunk);
    const credentialIds = [...new Set(clients.map((client) => client.credentialId))];
    for (const chunk of chunksOf(credentialIds, IDS_PER_STATEMENT)) await keepRecentClients(tx, chunk);
  });
}

async function addCounts(tx: Tx, rows: UsageCount[]): Promise<void> {
  const values = Prisma.join(
    rows.map(
      ({ credentialId, hour, outcome, count }) =>
        Prisma.sql`(CAST(${credentialId} AS TEXT), CAST(${hour} AS INTEGER), CAST(${outcome} AS TEXT), CAST(${count} AS INTEGER))`,
    ),
  );
  // "WHERE true": SQLite's parser needs a WHERE before ON CONFLICT in INSERT ... SELECT.
  await tx.$executeRaw`
    WITH "batch" ("credentialId", "hour", "outcome", "count") AS (VALUES ${values})
    INSERT INTO "CredentialUsage" ("credentialId", "hour", "outcome", "count")
    SELECT b."credentialId", b."hour", b."outcome", b."count"
    FROM "batch" b JOIN "Credential" c ON c."id" = b."credentialId"
    WHERE true
    ORDER BY b."credentialId", b."hour", b."outcome"
    ON CONFLICT ("credentialId", "hour", "outcome")
    DO UPDATE SET "count" = "CredentialUsage"."count" + excluded."count"`;
}

async function seeClients(tx: Tx, kind: DatabaseKind, rows: SeenClient[]): Promise<void> {
  const values = Prisma.join(
    rows.map(
      ({ credentialId, address, userAgent, lastSeenAt }) =>
        Prisma.sql`(CAST(${credentialId} AS TEXT), CAST(${address} AS TEXT), CAST(${userAgent} AS TEXT), ${timestampParameter(kind, new Date(lastSeenAt))})`,
    ),
  );
  await tx.$executeRaw`
    WITH "batch" ("credentialId", "address", "userAgent", "lastSeenAt") AS (VALUES ${values})
    INSERT INTO "CredentialClient" ("credentialId", "address", "userAgent", "lastSeenAt")
    SELECT b."credentialId", b."address", b."userAgent", b."lastSeenAt"
    FROM "batch" b JOIN "Credential" c ON c."id" = b."credentialId"
    WHERE true
    ORDER BY b."credentialId", b."address", b."userAgent"
    ON CONFLICT ("credentialId", "address", "userAgent")
    DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"
    WHERE excluded."lastSeenAt" > "CredentialClient"."lastSeenAt"`;
}

/**
 * Forgets all but the MAX_RECENT_CLIENTS most recently seen clients of these credentials, in
 * one statement: every client is ranked within its credential, newest first (ties broken by
 * address and user agent, so every instance keeps the same five).
 */
async function keepRecentClients(tx: Tx, credentialIds: string[]): Promise<void> {
  const ids = Prisma.join(credentialIds.map((id) => Prisma.sql`CAST(${id} AS TEXT)`));
  await tx.$executeRaw`
    DELETE FROM "CredentialClient"
    WHERE ("credentialId", "address", "userAgent") IN (
      SELECT "credentialId", "address", "userAgent" FROM (
        SELECT "credentialId", "address", "userAgent",
          ROW_NUMBER() OVER (
            PARTITION BY "credentialId" ORDER BY "lastSeenAt" DESC, "address", "userAgent"
          ) AS "recency"
        FROM "CredentialClient" WHERE "credentialId" IN (${ids})
      ) AS "ranked"
      WHERE "recency" > ${MAX_RECENT_CLIENTS}
    )`;
}

/** One row per credential, hour and outcome (a tally has that already; two merged batches might not), sorted. */
function mergedCounts(rows: readonly UsageCount[]): UsageCount[] {
  const merged = new Map<string, UsageCount>();
  for (const row of rows) {
    const key = `${row.credentialId}\n${row.hour}\n${row.outcome}`;
    const known = merged.get(key);
    if (known) known.count += row.count;
    else merged.set(key, { ...row });
  }
  return [...merged.values()].sort(
    (a, b) => compare(a.credentialId, b.credentialId) || a.hour - b.hour || compare(a.outcome, b.outcome),
  );
}

/** One row per credential and client, its latest sighting, sorted. */
function latestClients(rows: readonly SeenClient[]): SeenClient[] {
  const latest = new Map<string, SeenClient>();
  for (const row of rows) {
    const key = `${row.credentialId}\n${row.address}\n${row.userAgent}`;
    const known = latest.get(key);
    if (!known || known.lastSeenAt < row.lastSeenAt) latest.set(key, row);
  }
  return [...latest.values()].sort(
    (a, b) =>
      compare(a.credentialId, b.credentialId) || compare(a.address, b.address) || compare(a.userAgent, b.userAgent),
  );
}

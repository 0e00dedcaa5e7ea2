// "Last used" without a write per request: uses are collected in memory and written in one
// batch at most every FLUSH_INTERVAL_MS, one statement per ROWS_PER_STATEMENT credentials
// (a statement per credential cost ~300 us each through Prisma). Only ever moves lastUsedAt
// forward, so instances flushing in any order agree. The first use (firstUsedAt, the
// credential's history) is set by the same statement, once.
import type { Db, Tx } from "../db";
import { databaseKindOf } from "../db/provider";
import type { DatabaseKind } from "../env";
import { Prisma } from "../generated/sqlite/client";
import { chunksOf, compareText, ROWS_PER_STATEMENT, timestampParameter } from "../db/batch-statements";

export const FLUSH_INTERVAL_MS = 5_000;

interface Uses {
  first: number;
  last: number;
}

interface LastUsedState {
  pending: Map<string, Uses>;
  timer: NodeJS.Timeout | null;
  db: (() => Promise<Db>) | null;
}

const KEY = Symbol.for("keyward.verifier.last-used");
const state: LastUsedState = ((globalThis as Record<symbol, unknown>)[KEY] as LastUsedState | undefined) ?? {
  pending: new Map(),
  timer: null,
  db: null,
};
(globalThis as Record<symbol, unknown>)[KEY] = state;

export function recordUse(credentialId: string, db: () => Promise<Db>, at = Date.now()): void {
  const previous = state.pending.get(credentialId);
  if (previous === undefined) state.pending.set(credentialId, { first: at, last: at });
  else {
    if (previous.last < at) previous.last = at;
    if (previous.first > at) previous.first = at;
  }
  state.db = db;
  if (!state.timer) {
    state.timer = setTimeout(() => void flushLastUsed(), FLUSH_INTERVAL_MS);
    state.timer.unref();
  }
}

export async function flushLastUsed(): Promise<number> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  const batch = [...state.pending.entries()];
  state.pending.clear();
  if (batch.length === 0 || !state.db) return 0;
  const db = await state.db();
  try {
    const kind = databaseKindOf(db);
    // Sorted: two instances flushing at once take the rows' locks in the same order (PostgreSQL).
    batch.sort(([a], [b]) => compareText(a, b));
    const chunks = chunksOf(batch, ROWS_PER_STATEMENT);
    const updatedAt = new Date();
    if (chunks.length === 1) await markUsed(db, kind, chunks[0]!, updatedAt);
    else
      await db.$transaction(async (tx) => {
        for (const chunk of chunks) await markUsed(tx, kind, chunk, updatedAt);
      });
  } catch (error) {
    // Losing a "last used" time is better than failing API calls; the next use sets it.
    console.error(`Keyward: could not record last-used times (${(error as Error).message})`);
  }
  return batch.length;
}

/**
 * One statement for many credentials: lastUsedAt moves forward only, firstUsedAt is set only
 * while it is empty (guarded in the statement itself: another instance may have set either
 * since), and a credential with neither to change is not written at all. A credential deleted
 * since its use matches no row. updatedAt is set as Prisma's @updatedAt would have set it.
 */
async function markUsed(db: Db | Tx, kind: DatabaseKind, rows: [string, Uses][], updatedAt: Date): Promise<void> {
  const time = (ms: number) => timestampParameter(kind, new Date(ms));
  const values = Prisma.join(
    rows.map(([id, { first, last }]) => Prisma.sql`(CAST(${id} AS TEXT), ${time(first)}, ${time(last)})`),
  );
  await db.$executeRaw`
    WITH "batch" ("id", "first", "last") AS (VALUES ${values})
    UPDATE "Credential" SET
      "lastUsedAt" = CASE
        WHEN "Credential"."lastUsedAt" IS NULL OR "Credential"."lastUsedAt" < b."last" THEN b."last"
        ELSE "Credential"."lastUsedAt" END,
      "firstUsedAt" = COALESCE("Credential"."firstUsedAt", b."first"),
      "updatedAt" = ${time(updatedAt.getTime())}
    FROM "batch" b
    WHERE "Credential"."id" = b."id"
      AND ("Credential"."lastUsedAt" IS NULL OR "Credential"."lastUsedAt" < b."last" OR "Credential"."firstUsedAt" IS NULL)`;
}

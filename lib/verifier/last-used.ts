// "Last used" without a write per request: uses are collected in memory and written in one
// batch at most every FLUSH_INTERVAL_MS. Only ever moves lastUsedAt forward, so instances
// flushing in any order agree. The first use (firstUsedAt, the credential's history) is set
// in the same batch, once: one read per batch finds which of its credentials were never used,
// and only those get a second write, so a credential in use costs nothing more.
import type { Db } from "../db";

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
    const neverUsed = await db.credential.findMany({
      where: { id: { in: batch.map(([id]) => id) }, firstUsedAt: null },
      select: { id: true },
    });
    const uses = new Map(batch);
    await db.$transaction([
      ...batch.map(([id, { last }]) =>
        db.credential.updateMany({
          where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(last) } }] },
          data: { lastUsedAt: new Date(last) },
        }),
      ),
      // Guarded again: another instance may have set it since the read.
      ...neverUsed.map(({ id }) =>
        db.credential.updateMany({
          where: { id, firstUsedAt: null },
          data: { firstUsedAt: new Date(uses.get(id)?.first ?? Date.now()) },
        }),
      ),
    ]);
  } catch (error) {
    // Losing a "last used" time is better than failing API calls; the next use sets it.
    console.error(`Keyward: could not record last-used times (${(error as Error).message})`);
  }
  return batch.length;
}

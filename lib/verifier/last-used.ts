// "Last used" without a write per request: uses are collected in memory and written in one
// batch at most every FLUSH_INTERVAL_MS. Only ever moves lastUsedAt forward, so instances
// flushing in any order agree.
import type { Db } from "../db";

export const FLUSH_INTERVAL_MS = 5_000;

interface LastUsedState {
  pending: Map<string, number>;
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
  if (previous === undefined || previous < at) state.pending.set(credentialId, at);
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
    await db.$transaction(
      batch.map(([id, at]) =>
        db.credential.updateMany({
          where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at) } }] },
          data: { lastUsedAt: new Date(at) },
        }),
      ),
    );
  } catch (error) {
    // Losing a "last used" time is better than failing API calls; the next use sets it.
    console.error(`Keyward: could not record last-used times (${(error as Error).message})`);
  }
  return batch.length;
}

// A short-lived, per-process cache of credential look-ups, so the hot path of an API call
// does not query the database on every request (a Prisma round trip costs ~300 us on
// SQLite, more than the rest of the verification together).
//
// Freshness: an entry lives CACHE_TTL_MS. Changes made by this process (revoke,
// deactivate, delete, a user disabled) clear the cache at once; changes made by another
// instance sharing the PostgreSQL database are seen when the entry expires, which keeps
// the "refused everywhere within 1 second" promise. Expiry needs no cache freshness: the
// expiry time is in the entry and checked on every request.
import type { CredentialRecord } from "./record";

export const CACHE_TTL_MS = 750;
export const CACHE_MAX_ENTRIES = 10_000;

interface Entry {
  record: CredentialRecord | null;
  loadedAt: number;
}

interface CacheState {
  entries: Map<string, Entry>;
  inflight: Map<string, Promise<CredentialRecord | null>>;
  generation: number;
}

// One cache per process, even if bundling gives route handlers and server actions their
// own copies of this module.
// Stryker disable next-line StringLiteral: any key shared by every copy of the module works
const KEY = Symbol.for("keyward.verifier.cache");
const state: CacheState = ((globalThis as Record<symbol, unknown>)[KEY] as CacheState | undefined) ?? {
  entries: new Map(),
  inflight: new Map(),
  generation: 0,
};
(globalThis as Record<symbol, unknown>)[KEY] = state;

export async function cachedLookup(
  secretHash: string,
  load: () => Promise<CredentialRecord | null>,
  now = Date.now(),
): Promise<CredentialRecord | null> {
  const hit = state.entries.get(secretHash);
  if (hit && now - hit.loadedAt < CACHE_TTL_MS) return hit.record;
  const pending = state.inflight.get(secretHash);
  if (pending) return pending;
  const generation = state.generation;
  // Stamped with when the read started: what it returns may predate a change committed
  // while it ran, so its freshness must count from the start.
  const startedAt = Date.now();
  const loading = load()
    .then((record) => {
      // A change committed while this read was in flight may not be in it: keep it only
      // if nothing was invalidated meanwhile.
      if (generation === state.generation) {
        if (state.entries.size >= CACHE_MAX_ENTRIES) state.entries.delete(state.entries.keys().next().value!);
        state.entries.delete(secretHash);
        state.entries.set(secretHash, { record, loadedAt: startedAt });
      }
      return record;
    })
    .finally(() => state.inflight.delete(secretHash));
  state.inflight.set(secretHash, loading);
  return loading;
}

/** Called after any change that can make a credential stop working. */
export function invalidateCredentialCache(): void {
  // Stryker disable next-line AssignmentOperator: any change of the generation marks reads in flight as stale
  state.generation += 1;
  state.entries.clear();
  state.inflight.clear();
}

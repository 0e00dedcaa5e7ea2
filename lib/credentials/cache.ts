// A per-process cache of credential look-ups, so the hot path of an API call does not query
// the database on every request (a Prisma round trip costs ~300 us on SQLite, more than the
// rest of the verification together).
//
// Freshness: every change that can make a credential unusable calls invalidateCredentialCache
// once it has committed. That clears this process's cache and, through the change channel
// (./change-channel.ts: PostgreSQL LISTEN/NOTIFY, or Redis pub/sub with REDIS_URL), every
// other instance's. While the channel is up (its heartbeat comes back) an entry may live
// CONNECTED_CACHE_TTL_MS; while it is down, or with no channel at all, CACHE_TTL_MS is the
// safety net. On SQLite without Redis the file is the channel (./commit-watch.ts): the cache
// asks it whether another process committed before answering (noteCommitsByOthers). Expiry
// needs no cache freshness: the expiry time is in the entry and checked on every request.
//
// Unknown secrets (well-formed, checksum-valid, not in the database) are remembered apart, in
// a bounded map of their own, so a flood of random tokens can neither reach the database again
// and again nor push known credentials out of the cache. A newly issued credential clears
// that map everywhere (credentialIssued); its secret cannot have been presented before it
// was issued, and a read in flight across the issue is discarded by the generation check.
//
// Keys: a one-shot SHA-256 of the secret (cacheKeyOf), not the keyed hash the database is
// searched by. The key never leaves this process, the secret behind it is ~190 random bits, and
// the keyed HMAC costs about six times as much on a path that is otherwise a few Map reads:
// the keyed hash is computed only when the database must be read (lib/credentials/store.ts).
import { hash } from "node:crypto";
import type { CredentialRecord } from "./record";

export const CACHE_TTL_MS = 750;
/** How long an entry lives while instant invalidation (the change channel) is up. */
export const CONNECTED_CACHE_TTL_MS = 5 * 60_000;
export const CACHE_MAX_ENTRIES = 10_000;
/** Unknown secrets remembered at most; the oldest is forgotten first. */
export const UNKNOWN_CACHE_MAX_ENTRIES = 10_000;

/** "changed": a credential may have become unusable; "issued": a new one exists. */
export type CredentialChange = "changed" | "issued";

interface Entry {
  record: CredentialRecord;
  loadedAt: number;
}

interface CacheState {
  entries: Map<string, Entry>;
  /** Secret hashes found in no credential, with when the read that found none started. */
  unknown: Map<string, number>;
  inflight: Map<string, Promise<CredentialRecord | null>>;
  /** Bumped by every change: a read started before it may not be kept. */
  generation: number;
  /** Whether other instances' changes reach this process at once (the change channel is up). */
  instant: boolean;
  /** Tells other instances of a change made here; set by the change channel when it starts. */
  broadcast: ((change: CredentialChange) => void) | null;
  /** SQLite: asks the file whether another process committed (watchCommitsByOthers). */
  commitsByOthers: { changed: () => boolean; checkedAt: number } | null;
}

// One cache per process, even though bundling gives route handlers, server actions and the
// instrumentation hook their own copies of this module: every copy uses the one state object
// on globalThis. Not a copy of its fields: a copy's `instant`, `generation` and `broadcast`
// would stop following the others (the API routes' copy kept the 750 ms lifetime while the
// change channel's copy was up, and a change made through one copy did not mark reads in
// flight in another as stale).
// Stryker disable next-line StringLiteral: any key shared by every copy of the module works
const KEY = Symbol.for("keyward.verifier.cache");
const state: CacheState = ((globalThis as Record<symbol, unknown>)[KEY] as CacheState | undefined) ?? {
  entries: new Map(),
  unknown: new Map(),
  inflight: new Map(),
  generation: 0,
  instant: false,
  broadcast: null,
  commitsByOthers: null,
};
(globalThis as Record<symbol, unknown>)[KEY] = state;

/**
 * How often, at most, a look-up asks the SQLite file whether another process committed: the
 * longest a change made by another process can go unseen here.
 */
export const COMMITS_BY_OTHERS_CHECK_MS = 50;

/**
 * Before the cache answers: when the last look was COMMITS_BY_OTHERS_CHECK_MS ago or more, asks
 * whether another process has committed to the file since, and forgets everything if so. Lazy,
 * on the look-up itself, so no timer can fall behind a busy event loop and let an entry outlive
 * a change: one PRAGMA (microseconds) per 50 ms of traffic.
 */
function noteCommitsByOthers(now: number): void {
  const watch = state.commitsByOthers;
  if (watch === null || now - watch.checkedAt < COMMITS_BY_OTHERS_CHECK_MS) return;
  watch.checkedAt = now;
  if (watch.changed()) forgetCredentials("changed");
}

/** How long an entry is trusted now: minutes while the change channel is up, CACHE_TTL_MS otherwise. */
export function cacheLifetime(): number {
  return state.instant ? CONNECTED_CACHE_TTL_MS : CACHE_TTL_MS;
}

function fresh(loadedAt: number, now: number): boolean {
  return now - loadedAt < cacheLifetime();
}

/** The cache's key for a presented secret. */
export function cacheKeyOf(secret: string): string {
  return hash("sha256", secret, "base64");
}

/**
 * What the cache holds for this key now, fresh: the record, null for a known unknown secret,
 * undefined when nothing fresh is held (a read in flight counts as nothing: await cachedLookup).
 */
export function cachedRecord(key: string, now = Date.now()): CredentialRecord | null | undefined {
  noteCommitsByOthers(now);
  const hit = state.entries.get(key);
  if (hit !== undefined && fresh(hit.loadedAt, now)) return hit.record;
  const unknownSince = state.unknown.get(key);
  if (unknownSince !== undefined && fresh(unknownSince, now)) return null;
  return undefined;
}

/** Whether a look-up of this key now would be answered without reading the database. */
export function cacheAnswers(key: string, now = Date.now()): boolean {
  noteCommitsByOthers(now);
  const hit = state.entries.get(key);
  if (hit && fresh(hit.loadedAt, now)) return true;
  const unknownSince = state.unknown.get(key);
  if (unknownSince !== undefined && fresh(unknownSince, now)) return true;
  return state.inflight.has(key);
}

function remember<V>(map: Map<string, V>, max: number, key: string, value: V): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

export async function cachedLookup(
  key: string,
  load: () => Promise<CredentialRecord | null>,
  now = Date.now(),
): Promise<CredentialRecord | null> {
  noteCommitsByOthers(now);
  const hit = state.entries.get(key);
  if (hit && fresh(hit.loadedAt, now)) return hit.record;
  const unknownSince = state.unknown.get(key);
  if (unknownSince !== undefined && fresh(unknownSince, now)) return null;
  const pending = state.inflight.get(key);
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
        if (record) {
          state.unknown.delete(key);
          remember(state.entries, CACHE_MAX_ENTRIES, key, { record, loadedAt: startedAt });
        } else {
          state.entries.delete(key);
          remember(state.unknown, UNKNOWN_CACHE_MAX_ENTRIES, key, startedAt);
        }
      }
      return record;
    })
    .finally(() => {
      if (state.inflight.get(key) === loading) state.inflight.delete(key);
    });
  state.inflight.set(key, loading);
  return loading;
}

/**
 * This process forgets what a change may have made wrong: everything after "changed", the
 * unknown secrets after "issued". For messages from other instances; a change made here
 * calls invalidateCredentialCache or credentialIssued, which also tell the others.
 */
export function forgetCredentials(change: CredentialChange): void {
  // Stryker disable next-line AssignmentOperator: any change of the generation marks reads in flight as stale
  state.generation += 1;
  state.unknown.clear();
  state.inflight.clear();
  if (change === "changed") state.entries.clear();
}

/** Called after any change that can make a credential stop working, once it has committed. */
export function invalidateCredentialCache(): void {
  forgetCredentials("changed");
  state.broadcast?.("changed");
}

/** Called after a credential was issued, once it has committed: no instance may still think its secret unknown. */
export function credentialIssued(): void {
  forgetCredentials("issued");
  state.broadcast?.("issued");
}

/** The change channel's hooks: how changes made here are told to the others, and whether theirs arrive at once. */
export function connectCacheToChannel(broadcast: ((change: CredentialChange) => void) | null): void {
  state.broadcast = broadcast;
  if (!broadcast) state.instant = false;
}

/**
 * SQLite without Redis: the file is the change channel. `changed` says whether another process
 * has committed since it was last asked (true when it cannot tell); while it is set, entries
 * live CONNECTED_CACHE_TTL_MS. Null stops watching (and the 750 ms lifetime returns).
 */
export function watchCommitsByOthers(changed: (() => boolean) | null): void {
  state.commitsByOthers = changed ? { changed, checkedAt: Date.now() } : null;
  state.instant = changed !== null;
}

export function setInstantInvalidation(instant: boolean): void {
  state.instant = instant;
}

export function instantInvalidation(): boolean {
  return state.instant;
}

/** How many known and unknown secrets this process remembers (tests, health). */
export function cacheSizes(): { known: number; unknown: number } {
  return { known: state.entries.size, unknown: state.unknown.size };
}

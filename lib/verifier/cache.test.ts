import { afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { createApiKey, revokeApiKey } from "@/lib/credentials/api-keys";
import { hashSecret } from "@/lib/credentials/hash";
import { mintSecret } from "@/lib/credentials/format";
import { apiKey } from "@/lib/credentials/kinds/api-key";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import {
  CACHE_MAX_ENTRIES,
  CACHE_TTL_MS,
  cachedLookup,
  cacheSizes,
  invalidateCredentialCache,
  UNKNOWN_CACHE_MAX_ENTRIES,
} from "@/lib/credentials/cache";
import { loadCredentialRecord, type CredentialRecord } from "@/lib/credentials/record";
import { verifyRequest } from "./verify";

const context: RequestContext = { ip: "198.51.100.7", userAgent: "vitest" };
const T = Date.UTC(2031, 0, 1);

/** A promise the test settles by hand, to hold a look-up in flight. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describeEachDatabase("credential look-up cache", (get) => {
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let ownerId: string;

  beforeAll(async () => {
    const { db } = get();
    const accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    ownerId = (await createTestUser(db, accountId)).id;
  });

  beforeEach(() => invalidateCredentialCache());
  afterEach(() => vi.useRealTimers());

  async function newKey() {
    const result = await createApiKey(get().db, admin, { name: `Key ${Math.random()}`, userId: ownerId }, context);
    if (!("created" in result)) throw new Error("expected a new key");
    return { ...result.created, secretHash: hashSecret(result.created.secret) };
  }

  /** The verifier's own loader (lib/verifier/verify.ts), counting how often it reads. */
  function loader(secretHash: string) {
    const load = async () => {
      load.reads += 1;
      return loadCredentialRecord(get().db, secretHash);
    };
    load.reads = 0;
    return load;
  }

  const verifyKey = (secret: string) =>
    verifyRequest(
      { method: "GET", headers: new Headers({ authorization: `key ${secret}` }), searchParams: new URLSearchParams() },
      { database: get().db },
    );

  it("does not cache the pre-revoke record of a look-up that was in flight when the credential was revoked", async () => {
    const key = await newKey();
    const { opened, open } = gate();
    let readBeforeRevoke: CredentialRecord | null = null;
    // The look-up reads the active row, and is still in flight when the revocation commits.
    const inFlight = cachedLookup(key.secretHash, async () => {
      readBeforeRevoke = await loadCredentialRecord(get().db, key.secretHash);
      await opened;
      return readBeforeRevoke;
    });
    await vi.waitFor(() => expect(readBeforeRevoke).not.toBeNull());
    await revokeApiKey(get().db, admin, key.id, context);

    // A look-up started after the revocation does not join the stale read: it reads again.
    const afterRevoke = loader(key.secretHash);
    const started = cachedLookup(key.secretHash, afterRevoke);
    open();
    expect(await started).toMatchObject({ status: "revoked" });
    expect(afterRevoke.reads).toBe(1);

    // The caller that started before the revocation gets what it read…
    expect(await inFlight).toMatchObject({ status: "active" });
    // …but that record is not kept: the next look-up is answered "revoked".
    const next = loader(key.secretHash);
    expect(await cachedLookup(key.secretHash, next)).toMatchObject({ status: "revoked" });
    expect(next.reads).toBe(0);
    expect(await verifyKey(key.secret)).toMatchObject({ status: 401, description: "The credential has been revoked" });
  });

  it("keeps nothing from a look-up in flight across an invalidation, even with nothing cached meanwhile", async () => {
    const key = await newKey();
    const { opened, open } = gate();
    const stale = cachedLookup(key.secretHash, async () => {
      const record = await loadCredentialRecord(get().db, key.secretHash);
      await opened;
      return record;
    });
    invalidateCredentialCache();
    open();
    await stale;
    const next = loader(key.secretHash);
    await cachedLookup(key.secretHash, next);
    expect(next.reads).toBe(1);
  });

  it("answers concurrent look-ups of one secret with a single read", async () => {
    const key = await newKey();
    const load = loader(key.secretHash);
    const records = await Promise.all(Array.from({ length: 20 }, () => cachedLookup(key.secretHash, load)));
    expect(load.reads).toBe(1);
    expect(new Set(records).size).toBe(1);
    expect(records[0]).toMatchObject({ id: key.id, status: "active" });
  });

  it(`serves a record for ${CACHE_TTL_MS} ms counted from when its read started, then reads again`, async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T);
    const key = await newKey();
    const load = loader(key.secretHash);
    const first = cachedLookup(key.secretHash, async () => {
      const record = await load();
      // The read took 400 ms: its answer may predate a change made meanwhile.
      vi.setSystemTime(T + 400);
      return record;
    });
    await first;
    expect(load.reads).toBe(1);
    expect(await cachedLookup(key.secretHash, load, T + CACHE_TTL_MS - 1)).toMatchObject({ id: key.id });
    expect(load.reads).toBe(1);
    expect(await cachedLookup(key.secretHash, load, T + CACHE_TTL_MS)).toMatchObject({ id: key.id });
    expect(load.reads).toBe(2);
    // That second read started at T + 400 (the clock's time, not the `now` asked about);
    // the current time is the default.
    vi.setSystemTime(T + 400 + CACHE_TTL_MS - 1);
    await cachedLookup(key.secretHash, load);
    expect(load.reads).toBe(2);
    vi.setSystemTime(T + 400 + CACHE_TTL_MS);
    await cachedLookup(key.secretHash, load);
    expect(load.reads).toBe(3);
  });

  it("forgets everything when a credential changes in this process", async () => {
    const key = await newKey();
    const load = loader(key.secretHash);
    await cachedLookup(key.secretHash, load);
    await cachedLookup(key.secretHash, load);
    expect(load.reads).toBe(1);
    invalidateCredentialCache();
    await cachedLookup(key.secretHash, load);
    expect(load.reads).toBe(2);
  });

  it(`holds at most ${CACHE_MAX_ENTRIES} entries, dropping the one read longest ago`, async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T);
    // Unknown secrets are cached too (as unknown), so a flood of guesses cannot grow it.
    const reads = new Map<string, number>();
    const unknown = (name: string) => async () => {
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return null;
    };
    await cachedLookup("first", unknown("first"));
    vi.setSystemTime(T + 1);
    for (let i = 1; i < CACHE_MAX_ENTRIES - 1; i++) await cachedLookup(`guess-${i}`, unknown(`guess-${i}`));
    // "first" expires and is read again: that makes it the most recent entry.
    vi.setSystemTime(T + CACHE_TTL_MS);
    await cachedLookup("first", unknown("first"));
    expect(reads.get("first")).toBe(2);
    await cachedLookup("last", unknown("last"));
    // Full now; one more drops the entry read longest ago, guess-1.
    await cachedLookup("one more", unknown("one more"));
    for (const name of ["first", "guess-2", `guess-${CACHE_MAX_ENTRIES - 2}`, "last", "one more"])
      await cachedLookup(name, unknown(name));
    expect(reads.get("first")).toBe(2);
    expect(reads.get("guess-2")).toBe(1);
    expect(reads.get("last")).toBe(1);
    expect(reads.get("one more")).toBe(1);
    await cachedLookup("guess-1", unknown("guess-1"));
    expect(reads.get("guess-1")).toBe(2);
  });

  it(`keeps unknown secrets apart, at most ${UNKNOWN_CACHE_MAX_ENTRIES}: a flood of guesses cannot push out a known credential`, async () => {
    const key = await newKey();
    // The clock stands still: ten thousand look-ups may take longer than an entry lives.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T);
    const known = loader(key.secretHash);
    await cachedLookup(key.secretHash, known);
    const guessReads = new Map<string, number>();
    const guess = (name: string) => async () => {
      guessReads.set(name, (guessReads.get(name) ?? 0) + 1);
      return null;
    };
    for (let i = 0; i <= UNKNOWN_CACHE_MAX_ENTRIES; i++) await cachedLookup(`guess-${i}`, guess(`guess-${i}`));
    expect(cacheSizes()).toEqual({ known: 1, unknown: UNKNOWN_CACHE_MAX_ENTRIES });
    // The known credential is still answered from the cache; the oldest guess was forgotten.
    expect(await cachedLookup(key.secretHash, known)).toMatchObject({ id: key.id });
    expect(known.reads).toBe(1);
    await cachedLookup("guess-1", guess("guess-1"));
    expect(guessReads.get("guess-1")).toBe(1);
    await cachedLookup("guess-0", guess("guess-0"));
    expect(guessReads.get("guess-0")).toBe(2);
  });

  it("answers an unknown secret from the cache, and forgets it once any credential is issued", async () => {
    const unknownHash = hashSecret(mintSecret(apiKey.code));
    const load = loader(unknownHash);
    expect(await cachedLookup(unknownHash, load)).toBeNull();
    expect(await cachedLookup(unknownHash, load)).toBeNull();
    expect(load.reads).toBe(1);
    const key = await newKey();
    expect(await cachedLookup(unknownHash, load)).toBeNull();
    expect(load.reads).toBe(2);
    // The new credential itself works at once.
    expect(await verifyKey(key.secret)).toMatchObject({ credential: { id: key.id } });
  });

  it("keeps no 'unknown' from a look-up in flight while a credential was issued", async () => {
    const { opened, open } = gate();
    const unknownHash = hashSecret(mintSecret(apiKey.code));
    const stale = cachedLookup(unknownHash, async () => {
      await opened;
      return null;
    });
    await newKey();
    open();
    expect(await stale).toBeNull();
    const next = loader(unknownHash);
    await cachedLookup(unknownHash, next);
    expect(next.reads).toBe(1);
  });
});

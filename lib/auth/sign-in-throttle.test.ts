import { expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { purgeSignInBuckets } from "@/lib/retention/tasks/sign-in-buckets";
import {
  accountLock,
  clearAccountLock,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  reserveSignInAttempt,
  SIGN_IN_WINDOW_MS,
} from "./sign-in-throttle";

describeEachDatabase("the sign-in throttle's buckets", (get) => {
  it(`reserves at most ${MAX_FAILURES_PER_ACCOUNT} places per window, opens again when the window ends, and takes back released places`, async () => {
    const { db } = get();
    const email = `throttle-${Date.now()}@example.test`;
    const start = new Date("2026-01-01T10:00:00.000Z");
    const first = await Promise.all(Array.from({ length: 12 }, () => reserveSignInAttempt(db, email, null, start)));
    expect(first.filter((result) => result.allowed)).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    const refused = await reserveSignInAttempt(db, email, null, new Date(start.getTime() + 60_000));
    expect(refused).toEqual({ allowed: false, retryAfterMinutes: 14 });
    const later = new Date(start.getTime() + SIGN_IN_WINDOW_MS + 1);
    const reopened = await reserveSignInAttempt(db, email, null, later);
    expect(reopened.allowed).toBe(true);
    if (reopened.allowed) await reopened.reservation.release();
    expect(
      (await db.signInThrottleBucket.findUniqueOrThrow({ where: { scope_key: { scope: "account", key: email } } }))
        .failures,
    ).toBe(0);
  });

  it("the retention job purges only the buckets whose window has ended, in batches", async () => {
    const { db } = get();
    const old = new Date("2020-01-01T00:00:00.000Z");
    const recent = new Date();
    await reserveSignInAttempt(db, "purge-old@example.test", "192.0.2.201", old);
    await reserveSignInAttempt(db, "purge-recent@example.test", "192.0.2.202", recent);
    const policy = { now: new Date(recent.getTime() + 60_000), retentionDays: 90, batchSize: 1 };
    let deleted = 0;
    for (
      let batch = await purgeSignInBuckets.purgeBatch(db, policy);
      batch.found > 0;
      batch = await purgeSignInBuckets.purgeBatch(db, policy)
    ) {
      expect(batch.deleted).toBe(1);
      deleted += batch.deleted;
    }
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(
      await db.signInThrottleBucket.count({ where: { key: { in: ["purge-old@example.test", "192.0.2.201"] } } }),
    ).toBe(0);
    expect(
      await db.signInThrottleBucket.count({ where: { key: { in: ["purge-recent@example.test", "192.0.2.202"] } } }),
    ).toBe(2);
  });
});

describeEachDatabase("the sign-in throttle's reservations, lock and unlock", (get) => {
  const start = new Date("2026-03-01T10:00:00.000Z");
  const at = (ms: number) => new Date(start.getTime() + ms);
  let serial = 0;
  const unique = (what: string) => `${what}-${Date.now()}-${serial++}@example.test`;
  const failures = async (scope: "account" | "address", key: string) =>
    (await get().db.signInThrottleBucket.findUnique({ where: { scope_key: { scope, key } } }))?.failures ?? null;

  async function fail(email: string, ip: string | null, now: Date) {
    const result = await reserveSignInAttempt(get().db, email, ip, now);
    expect(result.allowed).toBe(true);
    return result;
  }

  it("restarts the window exactly when it ends, with the restarting attempt as its only failure", async () => {
    const email = unique("restart");
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await fail(email, null, start);
    expect(await reserveSignInAttempt(get().db, email, null, at(SIGN_IN_WINDOW_MS - 1))).toEqual({
      allowed: false,
      retryAfterMinutes: 1,
    });
    await fail(email, null, at(SIGN_IN_WINDOW_MS));
    expect(await failures("account", email)).toBe(1);
    // The new window started at that attempt: it is the one that ends next.
    for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT; i++) await fail(email, null, at(SIGN_IN_WINDOW_MS + 1000));
    expect(await reserveSignInAttempt(get().db, email, null, at(SIGN_IN_WINDOW_MS + 60_000))).toEqual({
      allowed: false,
      retryAfterMinutes: 14,
    });
    expect(await failures("account", email)).toBe(MAX_FAILURES_PER_ACCOUNT);
  });

  it(`refuses an address after ${MAX_FAILURES_PER_ADDRESS} failures across accounts, and gives the refused attempt's account place back`, async () => {
    const ip = `192.0.2.${(serial % 200) + 10}-${Date.now()}`;
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await fail(unique("address"), ip, at(i * 1000));
    expect(await failures("address", ip)).toBe(MAX_FAILURES_PER_ADDRESS);
    const email = unique("address-victim");
    expect(await reserveSignInAttempt(get().db, email, ip, at(5 * 60_000))).toEqual({
      allowed: false,
      retryAfterMinutes: 10,
    });
    expect(await failures("account", email)).toBe(0);
    // The same email from another address is not held back by the first one.
    expect((await reserveSignInAttempt(get().db, email, "192.0.2.250", at(5 * 60_000))).allowed).toBe(true);
  });

  it("a release gives back both places once, however often it is called, and only within the window it was taken in", async () => {
    const email = unique("release");
    const ip = `release-${Date.now()}-${serial++}`;
    await fail(email, ip, start);
    const second = await fail(email, ip, start);
    expect([await failures("account", email), await failures("address", ip)]).toEqual([2, 2]);
    if (second.allowed) {
      await second.reservation.release();
      await second.reservation.release();
    }
    expect([await failures("account", email), await failures("address", ip)]).toEqual([1, 1]);

    const stale = await fail(email, ip, at(60_000));
    await fail(email, ip, at(SIGN_IN_WINDOW_MS + 1000));
    expect([await failures("account", email), await failures("address", ip)]).toEqual([1, 1]);
    // Taken in the window that has since ended: the new window's failure is not its to give back.
    if (stale.allowed) await stale.reservation.release();
    expect([await failures("account", email), await failures("address", ip)]).toEqual([1, 1]);
  });

  it("a release never takes a count below zero", async () => {
    const email = unique("zero");
    const taken = await fail(email, null, start);
    await clearAccountLock(get().db, email);
    await fail(email, null, at(1000));
    await get().db.signInThrottleBucket.update({
      where: { scope_key: { scope: "account", key: email } },
      data: { failures: 0, windowStart: start },
    });
    if (taken.allowed) await taken.reservation.release();
    expect(await failures("account", email)).toBe(0);
  });

  it("reports a lock only while the limit is reached and the window lasts, with its failures' addresses newest first", async () => {
    const { db } = get();
    const email = unique("lock");
    expect(await accountLock(db, email, start)).toBeNull();
    const ips = ["198.51.100.4", "198.51.100.1", null, "198.51.100.1", "198.51.100.3"];
    // An older failure, before the window, is not one of the lock's addresses.
    await db.auditEvent.create({
      data: {
        actorLabel: "anonymous",
        action: "auth.sign_in_failed",
        targetLabel: email,
        ip: "203.0.113.99",
        createdAt: at(-1000),
      },
    });
    await db.auditEvent.create({
      data: {
        actorLabel: "anonymous",
        action: "auth.sign_in_ok",
        targetLabel: email,
        ip: "203.0.113.98",
        createdAt: at(1000),
      },
    });
    await db.auditEvent.create({
      data: {
        actorLabel: "anonymous",
        action: "auth.sign_in_failed",
        targetLabel: unique("someone-else"),
        ip: "203.0.113.97",
        createdAt: at(1000),
      },
    });
    for (const [i, ip] of ips.entries()) {
      await fail(email, null, start);
      if (i < ips.length - 1) expect(await accountLock(db, email, at(i * 1000 + 500))).toBeNull();
      await db.auditEvent.create({
        data: {
          actorLabel: "anonymous",
          action: "auth.sign_in_failed",
          targetLabel: email,
          ip,
          createdAt: at(i * 1000),
        },
      });
    }
    expect(await accountLock(db, email, at(60_000))).toEqual({
      lockedUntil: at(SIGN_IN_WINDOW_MS),
      addresses: ["198.51.100.3", "198.51.100.1", "unknown", "198.51.100.4"],
    });
    expect(await accountLock(db, email, at(SIGN_IN_WINDOW_MS - 1))).not.toBeNull();
    expect(await accountLock(db, email, at(SIGN_IN_WINDOW_MS))).toBeNull();
  });

  it("lists at most 100 recent failures' addresses", async () => {
    const { db } = get();
    const email = unique("many");
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await fail(email, null, start);
    await db.auditEvent.createMany({
      data: Array.from({ length: 101 }, (_, i) => ({
        actorLabel: "anonymous",
        action: "auth.sign_in_failed",
        targetLabel: email,
        ip: `10.0.0.${i}`,
        createdAt: at(i * 10),
      })),
    });
    const lock = await accountLock(db, email, at(60_000));
    expect(lock?.addresses).toHaveLength(100);
    expect(lock?.addresses[0]).toBe("10.0.0.100");
    expect(lock?.addresses).not.toContain("10.0.0.0");
  });

  it("a database error while creating a bucket is raised, not taken for a lost race and answered with a wait", async () => {
    const { db, kind } = get();
    const email = unique("broken");
    // A real refusal by the database (not a unique violation) for this one key.
    if (kind === "sqlite") {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER refuse_bucket BEFORE INSERT ON "SignInThrottleBucket" WHEN NEW."key" = '${email}' BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END`,
      );
    } else {
      await db.$executeRawUnsafe(
        `ALTER TABLE "SignInThrottleBucket" ADD CONSTRAINT refuse_bucket CHECK ("key" <> '${email}')`,
      );
    }
    try {
      await expect(reserveSignInAttempt(db, email, null, start)).rejects.toThrow();
      expect(await failures("account", email)).toBeNull();
    } finally {
      await db.$executeRawUnsafe(
        kind === "sqlite"
          ? "DROP TRIGGER refuse_bucket"
          : `ALTER TABLE "SignInThrottleBucket" DROP CONSTRAINT refuse_bucket`,
      );
    }
    expect((await reserveSignInAttempt(db, email, null, start)).allowed).toBe(true);
  });

  it("an attempt whose reservation keeps losing the race is refused for a minute after a few tries, never let through unreserved", async () => {
    const { db, kind } = get();
    const email = unique("contended");
    await fail(email, null, start);
    // The database skips every update of this bucket, as if another attempt always changed it first.
    if (kind === "sqlite") {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER skip_bucket BEFORE UPDATE ON "SignInThrottleBucket" WHEN OLD."key" = '${email}' BEGIN SELECT RAISE(IGNORE); END`,
      );
    } else {
      await db.$executeRawUnsafe(
        `CREATE FUNCTION skip_bucket_update() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql`,
      );
      await db.$executeRawUnsafe(
        `CREATE TRIGGER skip_bucket BEFORE UPDATE ON "SignInThrottleBucket" FOR EACH ROW WHEN (OLD."key" = '${email}') EXECUTE FUNCTION skip_bucket_update()`,
      );
    }
    try {
      expect(await reserveSignInAttempt(db, email, null, at(1000))).toEqual({ allowed: false, retryAfterMinutes: 1 });
      expect(await reserveSignInAttempt(db, email, null, at(SIGN_IN_WINDOW_MS + 1000))).toEqual({
        allowed: false,
        retryAfterMinutes: 1,
      });
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER skip_bucket${kind === "sqlite" ? "" : ` ON "SignInThrottleBucket"`}`);
      if (kind !== "sqlite") await db.$executeRawUnsafe("DROP FUNCTION skip_bucket_update()");
    }
    expect(await failures("account", email)).toBe(1);
  });

  it("clearing a lock empties only that account's bucket, and says whether it held failures", async () => {
    const { db } = get();
    const email = unique("clear");
    const other = unique("clear-other");
    await fail(email, email, start);
    await fail(other, null, start);
    expect(await clearAccountLock(db, email)).toBe(true);
    expect(await failures("account", email)).toBeNull();
    expect(await failures("address", email)).toBe(1);
    expect(await failures("account", other)).toBe(1);
    expect(await clearAccountLock(db, email)).toBe(false);
    await fail(other, null, at(1000));
    await db.signInThrottleBucket.update({
      where: { scope_key: { scope: "account", key: other } },
      data: { failures: 0 },
    });
    expect(await clearAccountLock(db, other)).toBe(false);
  });
});

import { expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { purgeSignInBuckets } from "@/lib/retention/tasks/sign-in-buckets";
import { MAX_FAILURES_PER_ACCOUNT, reserveSignInAttempt, SIGN_IN_WINDOW_MS } from "./sign-in-throttle";

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
    expect((await db.signInThrottleBucket.findUniqueOrThrow({ where: { scope_key: { scope: "account", key: email } } })).failures).toBe(0);
  });

  it("the retention job purges only the buckets whose window has ended, in batches", async () => {
    const { db } = get();
    const old = new Date("2020-01-01T00:00:00.000Z");
    const recent = new Date();
    await reserveSignInAttempt(db, "purge-old@example.test", "192.0.2.201", old);
    await reserveSignInAttempt(db, "purge-recent@example.test", "192.0.2.202", recent);
    const policy = { now: new Date(recent.getTime() + 60_000), retentionDays: 90, batchSize: 1 };
    let deleted = 0;
    for (let batch = await purgeSignInBuckets.purgeBatch(db, policy); batch.found > 0; batch = await purgeSignInBuckets.purgeBatch(db, policy)) {
      expect(batch.deleted).toBe(1);
      deleted += batch.deleted;
    }
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(await db.signInThrottleBucket.count({ where: { key: { in: ["purge-old@example.test", "192.0.2.201"] } } })).toBe(0);
    expect(await db.signInThrottleBucket.count({ where: { key: { in: ["purge-recent@example.test", "192.0.2.202"] } } })).toBe(2);
  });
});

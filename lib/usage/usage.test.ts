import { beforeAll, expect, it } from "vitest";
import { issueCredential } from "@/lib/credentials/issue";
import { personalCredential } from "@/lib/credentials/kinds/personal-credential";
import { invalidateCredentialCache } from "@/lib/credentials/cache";
import { listAccountCredentials } from "@/lib/credentials/all-credentials";
import { runPurge } from "@/lib/retention/run-purge";
import { purgeCredentialClients, purgeCredentialUsage } from "@/lib/retention/tasks/credential-usage";
import { verifyRequest } from "@/lib/verifier/verify";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { credentialUsageSummary, DAY_MS, mostRefusedCredentials, refusedUsesByHour } from "./read";
import { flushUsage, UsageRecorder } from "./recorder";
import { HOUR_MS, hourOf } from "./tally";

const NOW = Date.UTC(2031, 5, 10, 12, 30);
const curl = { address: "203.0.113.7", userAgent: "curl/8.5" };

describeEachDatabase("credential usage: batched, added up across instances, shown, purged", (get) => {
  let accountId: string;
  let otherAccountId: string;
  let ownerId: string;
  let otherOwnerId: string;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    otherAccountId = await createAccount(db, "Other Network");
    ownerId = (await createTestUser(db, accountId)).id;
    otherOwnerId = (await createTestUser(db, otherAccountId)).id;
  });

  async function credential(options: { account?: "other"; scopes?: string } = {}) {
    const { db } = get();
    return db.$transaction((tx) =>
      issueCredential(tx, personalCredential, {
        accountId: options.account ? otherAccountId : accountId,
        userId: options.account ? otherOwnerId : ownerId,
        createdById: null,
        name: `usage ${Math.random()}`,
        scopes: options.scopes,
      }),
    );
  }

  const recorder = () => new UsageRecorder({ database: async () => get().db, flushIntervalMs: 60_000 });
  const stored = async (credentialId: string) =>
    (
      await get().db.credentialUsage.findMany({
        where: { credentialId },
        orderBy: [{ hour: "asc" }, { outcome: "asc" }],
      })
    ).map(({ hour, outcome, count }) => ({ hour, outcome, count }));

  it("adds each flush to the stored hour instead of overwriting it", async () => {
    const { id } = await credential();
    const instance = recorder();
    for (let i = 0; i < 3; i++) instance.accepted(id, curl, NOW);
    instance.refused(id, "revoked", curl, NOW);
    expect(await stored(id)).toEqual([]); // nothing written before the flush: no write per request
    await instance.flush();
    for (let i = 0; i < 4; i++) instance.accepted(id, curl, NOW);
    await instance.flush();
    expect(await stored(id)).toEqual([
      { hour: hourOf(NOW), outcome: "accepted", count: 7 },
      { hour: hourOf(NOW), outcome: "revoked", count: 1 },
    ]);
  });

  it("two instances flushing the same hour at the same moment add up: nothing lost, nothing counted twice", async () => {
    const { id } = await credential();
    const instances = [recorder(), recorder(), recorder()];
    for (let round = 0; round < 3; round++) {
      instances.forEach((instance, index) => {
        for (let i = 0; i <= index * 10; i++) instance.accepted(id, curl, NOW);
        instance.refused(id, "scope", curl, NOW);
      });
      await Promise.all(instances.map((instance) => instance.flush()));
    }
    // Per round: 1 + 11 + 21 accepted and 3 refused.
    expect(await stored(id)).toEqual([
      { hour: hourOf(NOW), outcome: "accepted", count: 99 },
      { hour: hourOf(NOW), outcome: "scope", count: 9 },
    ]);
  });

  it("keeps the 5 most recently seen clients across instances, last-seen only moving forward", async () => {
    const { db } = get();
    const { id } = await credential();
    const first = recorder();
    const second = recorder();
    for (let i = 0; i < 4; i++) first.accepted(id, { address: `10.0.0.${i}`, userAgent: "a" }, NOW + i * 1000);
    for (let i = 4; i < 7; i++) second.accepted(id, { address: `10.0.0.${i}`, userAgent: "b" }, NOW + i * 1000);
    second.accepted(id, { address: "10.0.0.3", userAgent: "a" }, NOW + 60_000);
    await Promise.all([first.flush(), second.flush()]);
    first.accepted(id, { address: "10.0.0.6", userAgent: "b" }, NOW - DAY_MS); // an older sighting arrives late
    await first.flush();
    const summary = await credentialUsageSummary(db, id, new Date(NOW));
    expect(summary.clients).toEqual([
      { address: "10.0.0.3", userAgent: "a", lastSeenAt: new Date(NOW + 60_000) },
      { address: "10.0.0.6", userAgent: "b", lastSeenAt: new Date(NOW + 6000) },
      { address: "10.0.0.5", userAgent: "b", lastSeenAt: new Date(NOW + 5000) },
      { address: "10.0.0.4", userAgent: "b", lastSeenAt: new Date(NOW + 4000) },
      { address: "10.0.0.2", userAgent: "a", lastSeenAt: new Date(NOW + 2000) },
    ]);
    expect(await db.credentialClient.count({ where: { credentialId: id } })).toBe(5);
  });

  it("skips a credential deleted before the flush without losing the rest of the batch", async () => {
    const { db } = get();
    const gone = await credential();
    const kept = await credential();
    const instance = recorder();
    instance.accepted(gone.id, curl, NOW);
    instance.accepted(kept.id, curl, NOW);
    await db.credential.delete({ where: { id: gone.id } });
    expect(await instance.flush()).toBe(2);
    expect(await stored(kept.id)).toEqual([{ hour: hourOf(NOW), outcome: "accepted", count: 1 }]);
    expect(await db.credentialUsage.count({ where: { credentialId: gone.id } })).toBe(0);
  });

  it("summarises 30 UTC days (accepted, refused, by reason) and lists refused uses per hour", async () => {
    const { db } = get();
    const { id } = await credential();
    const instance = recorder();
    const today = Math.floor(NOW / DAY_MS) * DAY_MS;
    instance.accepted(id, curl, NOW);
    instance.accepted(id, curl, today); // 00:00 today
    instance.refused(id, "revoked", curl, today + HOUR_MS);
    instance.refused(id, "scope", curl, today - 1); // 23:59:59 yesterday
    instance.refused(id, "scope", curl, today - 1);
    instance.refused(id, "rate_limited", curl, today - 29 * DAY_MS); // the oldest day shown
    instance.accepted(id, curl, today - 30 * DAY_MS); // too old to show
    await instance.flush();
    const summary = await credentialUsageSummary(db, id, new Date(NOW));
    expect(summary.days).toHaveLength(30);
    expect(summary.days[29]).toEqual({ day: new Date(today), accepted: 2, refused: 1 });
    expect(summary.days[28]).toEqual({ day: new Date(today - DAY_MS), accepted: 0, refused: 2 });
    expect(summary.days[0]).toEqual({ day: new Date(today - 29 * DAY_MS), accepted: 0, refused: 1 });
    expect({ accepted: summary.accepted, refused: summary.refused }).toEqual({ accepted: 2, refused: 4 });
    expect(summary.refusedByReason).toEqual([
      { reason: "scope", label: "Missing scope", count: 2 },
      { reason: "rate_limited", label: "Rate limited", count: 1 },
      { reason: "revoked", label: "Revoked", count: 1 },
    ]);
    expect(await refusedUsesByHour(db, id, { since: new Date(today - DAY_MS), until: new Date(NOW) })).toEqual([
      { hour: new Date(today - HOUR_MS), reason: "scope", count: 2 },
      { hour: new Date(today + HOUR_MS), reason: "revoked", count: 1 },
    ]);
  });

  it("orders an account's credentials by refusals in the last N days, never another account's", async () => {
    const { db } = get();
    const many = await credential();
    const few = await credential();
    const old = await credential();
    const foreign = await credential({ account: "other" });
    const instance = recorder();
    for (let i = 0; i < 5; i++) instance.refused(many.id, "ip", curl, NOW - DAY_MS);
    instance.refused(few.id, "expired", curl, NOW);
    for (let i = 0; i < 50; i++) instance.accepted(few.id, curl, NOW);
    for (let i = 0; i < 9; i++) instance.refused(old.id, "revoked", curl, NOW - 10 * DAY_MS);
    for (let i = 0; i < 99; i++) instance.refused(foreign.id, "revoked", curl, NOW);
    await instance.flush();
    const ranked = async (days: number) =>
      (await mostRefusedCredentials(db, accountId, { days, now: new Date(NOW) })).filter((row) =>
        [many.id, few.id, old.id, foreign.id].includes(row.credentialId),
      );
    expect(await ranked(7)).toEqual([
      { credentialId: many.id, refused: 5 },
      { credentialId: few.id, refused: 1 },
    ]);
    expect(await ranked(30)).toEqual([
      { credentialId: old.id, refused: 9 },
      { credentialId: many.id, refused: 5 },
      { credentialId: few.id, refused: 1 },
    ]);
  });

  it('the Credentials list\'s "refused most" filter lists only refused credentials, most first, with the other filters', async () => {
    const { db } = get();
    const soon = new Date(Date.now()); // the list's "now": usage must be within its window
    const a = await credential();
    const b = await credential();
    const unrefused = await credential();
    const instance = recorder();
    instance.refused(a.id, "revoked", curl, soon.getTime());
    for (let i = 0; i < 3; i++) instance.refused(b.id, "scope", curl, soon.getTime());
    instance.accepted(unrefused.id, curl, soon.getTime());
    await instance.flush();
    const list = await listAccountCredentials(db, accountId, { refused: "7" }, 1, 50, soon);
    const ours = list.rows.filter((row) => [a.id, b.id, unrefused.id].includes(row.id));
    expect(ours.map((row) => [row.id, row.refused])).toEqual([
      [b.id, 3],
      [a.id, 1],
    ]);
    expect(list.rows.every((row) => (row.refused ?? 0) > 0)).toBe(true);
    const revokedOnly = await listAccountCredentials(db, accountId, { refused: "7", state: "revoked" }, 1, 50, soon);
    expect(revokedOnly.rows.map((row) => row.id)).not.toContain(a.id);
  });

  it("the retention job deletes usage and clients older than 90 days, and keeps the rest", async () => {
    const { db } = get();
    const { id } = await credential();
    const instance = recorder();
    instance.accepted(id, { address: "198.51.100.1", userAgent: "old" }, NOW - 91 * DAY_MS);
    instance.refused(id, "revoked", { address: "198.51.100.1", userAgent: "old" }, NOW - 91 * DAY_MS);
    instance.accepted(id, { address: "198.51.100.2", userAgent: "recent" }, NOW - 89 * DAY_MS);
    await instance.flush();
    const outcome = await runPurge(db, {
      retentionDays: 90,
      now: new Date(NOW),
      tasks: [purgeCredentialUsage, purgeCredentialClients],
    });
    expect(outcome).toMatchObject({ ran: true });
    expect(await stored(id)).toEqual([{ hour: hourOf(NOW - 89 * DAY_MS), outcome: "accepted", count: 1 }]);
    expect((await db.credentialClient.findMany({ where: { credentialId: id } })).map((c) => c.userAgent)).toEqual([
      "recent",
    ]);
  });

  it("the verifier counts accepted uses, refusals of a known credential by reason, and its client", async () => {
    const { db } = get();
    const narrowed = await credential({ scopes: "users:read" });
    const verify = (secret: string, scope: "users:read" | "advertisers:write" | null = null) =>
      verifyRequest(
        {
          method: "GET",
          headers: new Headers({
            authorization: `Bearer ${secret}`,
            "x-forwarded-for": "192.0.2.44",
            "user-agent": "probe/1",
          }),
          searchParams: new URLSearchParams(),
        },
        { now: NOW, database: db, scope },
      );
    await flushUsage();
    expect(await verify(narrowed.secret, "users:read")).toMatchObject({ credential: { id: narrowed.id } });
    expect(await verify(narrowed.secret, "advertisers:write")).toMatchObject({
      code: "insufficient_scope",
      status: 403,
    });
    await db.credential.update({ where: { id: narrowed.id }, data: { status: "revoked", revokedAt: new Date(NOW) } });
    invalidateCredentialCache();
    expect(await verify(narrowed.secret)).toMatchObject({ code: "invalid_token" });
    await flushUsage();
    expect(await stored(narrowed.id)).toEqual([
      { hour: hourOf(NOW), outcome: "accepted", count: 1 },
      { hour: hourOf(NOW), outcome: "revoked", count: 1 },
      { hour: hourOf(NOW), outcome: "scope", count: 1 },
    ]);
    expect((await credentialUsageSummary(db, narrowed.id, new Date(NOW))).clients).toEqual([
      { address: "192.0.2.44", userAgent: "probe/1", lastSeenAt: new Date(NOW) },
    ]);
  });
});

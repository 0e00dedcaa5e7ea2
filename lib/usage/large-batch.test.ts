// The batched writers at the size of many integrations (issue 13, point 7): 5,000 credentials
// in one flush, written in a handful of statements, with the same meaning as a small batch:
// counts add up, clients trimmed to the most recent five, last-used only moving forward, first
// use set once, and a credential deleted since its use skipped without losing the rest.
import { beforeAll, expect, it } from "vitest";
import { newCredentialRow } from "@/lib/credentials/issue";
import { personalCredential } from "@/lib/credentials/kinds/personal-credential";
import { flushLastUsed, recordUse } from "@/lib/verifier/last-used";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { UsageRecorder } from "./recorder";
import { hourOf, MAX_RECENT_CLIENTS } from "./tally";

const NOW = Date.UTC(2031, 7, 1, 9, 15);
const MANY = 5_000;

describeEachDatabase("usage and last-used flushes of 5,000 credentials", (get) => {
  let ids: string[];
  let deleted: string;
  let accountId: string;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db, "Many Integrations");
    const userId = (await createTestUser(db, accountId)).id;
    const rows = Array.from(
      { length: MANY + 1 },
      (_, i) =>
        newCredentialRow(personalCredential, {
          id: `many-${String(i).padStart(5, "0")}-${Math.random().toString(36).slice(2, 8)}`,
          accountId,
          userId,
          createdById: null,
          name: `integration ${i}`,
        }).data,
    );
    await db.credential.createMany({ data: rows });
    ids = rows.slice(0, MANY).map((row) => row.id!);
    deleted = rows[MANY]!.id!;
  });

  const totals = async () =>
    (
      await get().db.credentialUsage.groupBy({
        by: ["outcome"],
        where: { credential: { is: { accountId } } },
        _sum: { count: true },
        orderBy: { outcome: "asc" },
      })
    ).map((row) => [row.outcome, row._sum.count]);

  it("writes 5,000 credentials' counts and clients in one flush, adds a second flush to them, skips a deleted one", async () => {
    const { db } = get();
    const recorder = new UsageRecorder({ database: async () => db, flushIntervalMs: 60_000, maxEntries: 50_000 });
    const busy = ids[17]!;
    for (const round of [0, 1]) {
      for (const [index, id] of ids.entries()) {
        recorder.accepted(id, { address: `10.1.${index % 250}.${round}`, userAgent: "many/1" }, NOW + round);
        if (index % 10 === 0) recorder.refused(id, "scope", { address: "10.9.9.9", userAgent: "many/1" }, NOW);
      }
      // Seven clients of one credential in the same flush: only the latest five are kept.
      for (let i = 0; i < 7; i++) recorder.accepted(busy, { address: `192.0.2.${i}`, userAgent: "busy" }, NOW + i);
      recorder.accepted(deleted, { address: "10.0.0.1", userAgent: "gone" }, NOW);
      if (round === 0) await db.credential.delete({ where: { id: deleted } });
      const started = performance.now();
      await recorder.flush();
      console.log(`usage flush of ${ids.length} credentials: ${(performance.now() - started).toFixed(0)} ms`);
    }
    expect(recorder.dropped).toBe(0);
    // Per round: 5,000 + 7 accepted and 500 refused for scope.
    expect(await totals()).toEqual([
      ["accepted", 2 * (MANY + 7)],
      ["scope", 2 * (MANY / 10)],
    ]);
    expect(await db.credentialUsage.findMany({ where: { credentialId: ids[4_999]! } })).toEqual([
      { credentialId: ids[4_999]!, hour: hourOf(NOW), outcome: "accepted", count: 2 },
    ]);
    expect(await db.credentialUsage.count({ where: { credentialId: deleted } })).toBe(0);
    expect(await db.credentialClient.count({ where: { credentialId: deleted } })).toBe(0);
    const busyClients = await db.credentialClient.findMany({
      where: { credentialId: busy },
      orderBy: { lastSeenAt: "desc" },
    });
    expect(busyClients).toHaveLength(MAX_RECENT_CLIENTS);
    expect(busyClients.map((client) => client.address)).toEqual([
      "192.0.2.6",
      "192.0.2.5",
      "192.0.2.4",
      "192.0.2.3",
      "192.0.2.2",
    ]);
    // Two rounds, two addresses each (the refusing one too for every tenth): none trimmed.
    expect(await db.credentialClient.count({ where: { credentialId: ids[10]! } })).toBe(3);
    expect(await db.credentialClient.count({ where: { credentialId: ids[11]! } })).toBe(2);
  });

  it("sets last-used for 5,000 credentials in one flush, only forward, first use once, skipping a deleted one", async () => {
    const { db } = get();
    await flushLastUsed();
    const database = async () => db;
    const firstUse = NOW - 60_000;
    for (const id of ids) {
      recordUse(id, database, NOW);
      recordUse(id, database, firstUse);
    }
    recordUse(deleted, database, NOW);
    let started = performance.now();
    expect(await flushLastUsed()).toBe(MANY + 1);
    console.log(`last-used flush of ${MANY + 1} credentials: ${(performance.now() - started).toFixed(0)} ms`);
    const stored = async () =>
      db.credential.findMany({
        where: { accountId, kind: personalCredential.code },
        select: { id: true, lastUsedAt: true, firstUsedAt: true },
      });
    for (const row of await stored()) {
      expect(row.lastUsedAt?.getTime(), row.id).toBe(NOW);
      expect(row.firstUsedAt?.getTime(), row.id).toBe(firstUse);
    }
    // A later flush with older uses (another instance's, arriving late) moves nothing back;
    // newer uses move last-used forward and leave the first use alone.
    for (const [index, id] of ids.entries()) recordUse(id, database, index % 2 === 0 ? NOW - 1_000 : NOW + 5_000);
    started = performance.now();
    await flushLastUsed();
    console.log(`second last-used flush: ${(performance.now() - started).toFixed(0)} ms`);
    for (const row of await stored()) {
      const index = ids.indexOf(row.id);
      expect(row.lastUsedAt?.getTime(), row.id).toBe(index % 2 === 0 ? NOW : NOW + 5_000);
      expect(row.firstUsedAt?.getTime(), row.id).toBe(firstUse);
    }
  });
});

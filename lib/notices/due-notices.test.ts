// The sweep's query stays cheap however many credentials there are: it reads a range of the
// expiresAt index, never the whole Credential table, and looks each claim up by its unique index.
import { beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { captureQueries, explain, PLAN_STAGES, refreshStatistics } from "@/test/query-plans";
import { dueNotices } from "./due-notices";
import { DAY_MS } from "./thresholds";

const TOTAL = 5_000;
const NOW = new Date(Date.UTC(2030, 0, 1));
/** Days from NOW to the expiry of the credentials near a window; 50 such credentials, 10 offsets, 5 each. */
const OFFSETS = [-10, -6.5, -0.5, 0.5, 3, 6.9, 7.5, 20, 29.9, 45];

describeEachDatabase("due expiry notices on 5,000 credentials", (get) => {
  beforeAll(async () => {
    const { db } = get();
    const accountId = await createAccount(db, "Many");
    const owner = (await createTestUser(db, accountId)).id;
    for (let i = 0; i < TOTAL; i += 1000) {
      await db.credential.createMany({
        data: Array.from({ length: 1000 }, (_, n) => {
          const k = i + n;
          // Most never expire or expire in a year; one in a hundred near or in a notice window.
          const offset = OFFSETS[(k / 100) % OFFSETS.length];
          const expiresAt =
            k % 100 === 0 && offset !== undefined
              ? new Date(NOW.getTime() + offset * DAY_MS)
              : k % 2
                ? null
                : new Date(NOW.getTime() + 365 * DAY_MS);
          return {
            accountId,
            kind: "pat",
            userId: owner,
            name: `cred ${k}`,
            secretHash: `notices-${k}`,
            hint: `kw_pat_…${String(k).padStart(4, "0")}`,
            expiresAt,
            createdAt: new Date(NOW.getTime() - 90 * DAY_MS),
          };
        }),
      });
    }
  }, 120_000);

  it("finds the credentials in each threshold's window", async () => {
    const found: number[] = [];
    for await (const page of dueNotices(get().db, NOW)) found.push(...page.map((due) => due.threshold));
    // Expired within 7 days: -6.5, -0.5; 1 day: 0.5; 7 days: 3, 6.9; 30 days: 7.5, 20, 29.9. Not -10 or 45.
    expect(found.filter((t) => t === 0)).toHaveLength(2 * 5);
    expect(found.filter((t) => t === 1)).toHaveLength(1 * 5);
    expect(found.filter((t) => t === 7)).toHaveLength(2 * 5);
    expect(found.filter((t) => t === 30)).toHaveLength(3 * 5);
  });

  describe("reads the expiresAt index", () => {
    for (const stage of PLAN_STAGES) {
      it(`for every threshold (${stage.name})`, async (context) => {
        const database = get();
        if (!stage[database.kind]) context.skip();
        if (stage.name !== "without statistics") await refreshStatistics(database, stage);
        const queries = (
          await captureQueries(database, async (db) => {
            for await (const page of dueNotices(db, NOW)) void page;
          })
        ).filter((query) => /FROM \S*Credential/.test(query.sql));
        expect(queries.length).toBeGreaterThanOrEqual(4);
        for (const query of queries) {
          const plan = await explain(database, query);
          const where = `${query.sql}\n${JSON.stringify(query.params)}\n${plan.text}`;
          // The claims table may rightly be read whole while it is small; Credential never.
          expect(plan.fullScans, where).not.toContain("Credential");
          expect(plan.indexes, where).toContain("Credential_expiresAt_idx");
        }
      });
    }
  });
});

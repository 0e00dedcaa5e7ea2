// The Advertisers list on 6,000 advertisers in two networks: its first page is read off
// Advertiser_accountId_name_idx in name order (no sort, no full scan), as the screen and
// GET /advertisers.json ask for it. A search by name scans the network's rows (a substring
// match cannot use a B-tree), but never another network's; a search by id is the unique index.
import { beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount } from "@/test/fixtures";
import { captureQueries, explain, PLAN_STAGES, refreshStatistics } from "@/test/query-plans";
import { nameKey } from "./name-key";
import { listOrganizations } from "./read";

const PER_ACCOUNT = 3_000;
const NAME_INDEX = "Advertiser_accountId_name_idx";

describeEachDatabase("the Advertisers list on 6,000 advertisers", (get) => {
  let accountA: string;

  beforeAll(async () => {
    const { db } = get();
    accountA = await createAccount(db, "Plan A");
    const accountB = await createAccount(db, "Plan B");
    for (const accountId of [accountA, accountB]) {
      for (let start = 0; start < PER_ACCOUNT; start += 1000) {
        await db.advertiser.createMany({
          data: Array.from({ length: 1000 }, (_, n) => {
            const name = `Advertiser ${String(start + n).padStart(5, "0")}`;
            return { accountId, idFromNetwork: `A${start + n}`, name, nameKey: nameKey(name) };
          }),
        });
      }
    }
  }, 120_000);

  describe("reads the first page off the name index", () => {
    for (const stage of PLAN_STAGES) {
      it(`(${stage.name})`, async (context) => {
        const database = get();
        // PostgreSQL's stage "without statistics" is skipped on purpose (test/query-plans.ts, PLAN_STAGES):
        // autovacuum analyzes its tables, so plans without statistics are never what it runs.
        if (!stage[database.kind]) context.skip();
        if (stage.name !== "without statistics") await refreshStatistics(database, stage);
        const member = { accountId: accountA, role: "network_user", advertiserId: null, publisherId: null };
        let first: string[] = [];
        const queries = await captureQueries(database, async (db) => {
          const page = await listOrganizations(db, member, "advertiser", { page: 1, pageSize: 50 });
          first = page.rows.map((row) => row.name);
        });
        expect(first[0]).toBe("Advertiser 00000");
        expect(first).toHaveLength(50);
        const read = queries.find((query) => !query.sql.includes("COUNT("))!;
        const plan = await explain(database, read);
        const where = `${read.sql}\n${plan.text}`;
        expect(plan.fullScans, where).toEqual([]);
        expect(plan.indexes, where).toEqual([NAME_INDEX]);
        expect(plan.sorts, where).toBe(false);
      });
    }
  });

  it("finds one advertiser by its network id among 6,000, and none of another network's", async () => {
    const { db } = get();
    const member = { accountId: accountA, role: "network_user", advertiserId: null, publisherId: null };
    const found = await listOrganizations(db, member, "advertiser", { search: "A2999", page: 1, pageSize: 50 });
    expect(found.rows.map((row) => row.name)).toEqual(["Advertiser 02999"]);
    const named = await listOrganizations(db, member, "advertiser", {
      search: "advertiser 0299",
      page: 1,
      pageSize: 50,
    });
    expect(named.total).toBe(10);
  });
});

// The credential lists on 10,000 credentials: the Invoca APIs page (one user's own), the
// auth tokens of API Access and the Credentials page (one account's) read their pages and counts off an index, in
// order, without sorting: they stay fast however many credentials the installation holds.
import { beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { captureQueries, explain, PLAN_STAGES, refreshStatistics } from "@/test/query-plans";
import { listAccountCredentials } from "./all-credentials";
import { listAuthTokens } from "./auth-tokens";
import { listPersonalCredentials } from "./personal-credentials";

const TOTAL = 10_000;

describeEachDatabase("credential lists on 10,000 credentials", (get) => {
  let owner: string;
  let accountId: string;
  let ownerCount = 0;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db, "Scale");
    const others = await createAccount(db, "Others");
    owner = (await createTestUser(db, accountId)).id;
    const apiUser = (await createTestUser(db, accountId, { isApiUser: true })).id;
    const crowd = await Promise.all(Array.from({ length: 4 }, () => createTestUser(db, others)));
    const start = Date.UTC(2025, 0, 1);
    for (let i = 0; i < TOTAL; i += 1000) {
      await db.credential.createMany({
        data: Array.from({ length: 1000 }, (_, n) => {
          const k = i + n;
          const mine = k % 10 === 0;
          const token = k % 50 === 1;
          if (mine) ownerCount += 1;
          return {
            accountId: mine || token ? accountId : others,
            kind: token ? "at" : "pat",
            userId: mine ? owner : token ? apiUser : crowd[k % 4]!.id,
            name: `cred ${k}`,
            secretHash: `scale-${k}`,
            hint: `kw_pat_…${String(k).padStart(4, "0")}`,
            createdAt: new Date(start + Math.floor(k / 4) * 1000),
          };
        }),
      });
    }
  }, 120_000);

  it("pages one user's credentials newest first with stable ties", async () => {
    const { db } = get();
    const first = await listPersonalCredentials(db, owner, 1, 50);
    expect(first.total).toBe(ownerCount);
    const all = [];
    for (let page = 1; page <= first.pageCount; page++)
      all.push(...(await listPersonalCredentials(db, owner, page, 50)).rows);
    expect(all).toHaveLength(ownerCount);
    const sorted = [...all].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    expect(all.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
  });

  describe("reads pages and counts off the credential indexes", () => {
    for (const stage of PLAN_STAGES) {
      it(`Invoca APIs, auth token and Credentials pages (${stage.name})`, async (context) => {
        const database = get();
        // PostgreSQL's stage "without statistics" is skipped on purpose (test/query-plans.ts, PLAN_STAGES):
        // autovacuum analyzes its tables, so plans without statistics are never what it runs.
        if (!stage[database.kind]) context.skip();
        if (stage.name !== "without statistics") await refreshStatistics(database, stage);
        // The credential queries; the auth tokens' owners are then read by primary key.
        const captured = await captureQueries(database, async (db) => {
          await listPersonalCredentials(db, owner, 1);
          await listAuthTokens(db, accountId, 1);
          await listAccountCredentials(db, accountId, {}, 1);
        });
        const queries = captured.filter((query) => /FROM \S*Credential\b/.test(query.sql));
        expect(queries).toHaveLength(6);
        // The narrowing summaries (narrowing.ts) read the page's grant rows by credentialId, the
        // leading column of a unique index: one query per list page, never per row.
        const grants = captured.filter((query) => /FROM \S*CredentialGrant/.test(query.sql));
        expect(grants).toHaveLength(2);
        for (const query of grants) expect(query.sql).toMatch(/CredentialGrant\W+credentialId\W+IN \(/);
        for (const query of queries) {
          const plan = await explain(database, query);
          const where = `${query.sql}\n${JSON.stringify(query.params)}\n${plan.text}`;
          // A count before any VACUUM may rightly read the table on PostgreSQL (no visibility
          // map yet); after VACUUM it is index-only. Pages are always read off the index.
          if (database.kind === "postgresql" && query.sql.includes("COUNT(") && !stage.vacuum) continue;
          expect(plan.fullScans, where).toEqual([]);
          expect(
            plan.indexes.some((index) => index.startsWith("Credential_")),
            where,
          ).toBe(true);
          expect(plan.sorts, where).toBe(false);
        }
      });
    }
  });
});

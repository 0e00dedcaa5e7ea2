// The Audit Log page's reads, on 10,000 events in three partitions (the signed-in admin's
// account, another account, installation-wide events): every filter combination returns
// exactly the right rows, newest first, page by page in both directions, never another
// account's; and every query it sends is read off the index meant for it, in order, on
// SQLite and on PostgreSQL (after ANALYZE, with the planner free to choose a Seq Scan: no
// enable_seqscan games). Dropping any of the five AuditEvent list indexes fails the plan
// tests of its shapes on both databases (checked by hand when they were written).
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ACTION_NAMES, type AuditAction } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount } from "@/test/fixtures";
import { captureQueries, explain, PLAN_STAGES, refreshStatistics } from "@/test/query-plans";
import { countAuditEvents, listAuditEvents, newestFirst, type AuditRow } from "./entries";
import { parseAuditLogSearchParams, type AuditCursor, type AuditFilters } from "./filters";

const TOTAL = 10_000;
const YEAR_START = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

interface Seeded {
  id: string;
  accountId: string | null;
  actorLabel: string;
  action: AuditAction;
  createdAt: Date;
  /** One of 40 credentials each event is about (the ?credential= filter). */
  targetId?: string | null;
}

/** A small deterministic PRNG (mulberry32), so a failure can be reproduced. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEAVY_ACTOR = "user0@tenant-a.test";
const INTRUDER = "intruder3@evil.test";
const OTHER_ACTIONS = AUDIT_ACTION_NAMES.filter((action) => action !== "auth.sign_in");

/**
 * 10,000 events over 2025, in time order (as an append-only log is written): 20% in the
 * admin's account A, 65% in account B, 15% installation-wide (failed sign-ins by unknown
 * emails). A is a minority on purpose: that is where a plan that reads the whole log and
 * filters would be slow, and where the per-account indexes must be chosen.
 */
function generateEvents(accountA: string, accountB: string): Seeded[] {
  const random = prng(20251103);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const events: Seeded[] = [];
  let time = YEAR_START;
  for (let i = 0; i < TOTAL; i++) {
    // About one event in ten shares the previous one's millisecond: ties are broken by id.
    if (random() >= 0.1) time = YEAR_START + Math.floor(((i + random()) / TOTAL) * YEAR_MS);
    const r = random();
    const accountId = r < 0.2 ? accountA : r < 0.85 ? accountB : null;
    let actorLabel: string;
    let action: AuditAction;
    if (accountId === null) {
      actorLabel = `intruder${Math.floor(random() * 30)}@evil.test`;
      action = random() < 0.9 ? "auth.sign_in_failed" : "auth.sign_in_throttled";
    } else {
      const tenant = accountId === accountA ? "tenant-a" : "tenant-b";
      const a = random();
      actorLabel =
        a < 0.15 ? `user0@${tenant}.test` : a < 0.2 ? "system" : `user${1 + Math.floor(random() * 19)}@${tenant}.test`;
      action = random() < 0.4 ? "auth.sign_in" : pick(OTHER_ACTIONS);
    }
    events.push({ id: "", accountId, actorLabel, action, createdAt: new Date(time) });
  }
  // Fixed rows on the edges of the date filter 2025-03-10 .. 2025-03-20 (inclusive, UTC).
  const edges = [
    "2025-03-09T23:59:59.999Z",
    "2025-03-10T00:00:00.000Z",
    "2025-03-20T23:59:59.999Z",
    "2025-03-21T00:00:00.000Z",
  ];
  edges.forEach((iso, n) => {
    events[n] = {
      id: "",
      accountId: accountA,
      actorLabel: HEAVY_ACTOR,
      action: "user.updated",
      createdAt: new Date(iso),
    };
  });
  return events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

interface Shape {
  name: string;
  params: Record<string, string>;
  /** The index every query of this shape must read (both partitions, lists and counts). */
  index: string;
}

const BY_DATE = "AuditEvent_accountId_createdAt_id_idx";

const SHAPES: Shape[] = [
  { name: "no filter", params: {}, index: "AuditEvent_accountId_createdAt_id_idx" },
  { name: "actor", params: { actor: HEAVY_ACTOR }, index: "AuditEvent_accountId_actorLabel_createdAt_id_idx" },
  {
    name: "installation-wide actor",
    params: { actor: INTRUDER },
    index: "AuditEvent_accountId_actorLabel_createdAt_id_idx",
  },
  { name: "action", params: { action: "user.updated" }, index: "AuditEvent_accountId_action_createdAt_id_idx" },
  {
    name: "action in both partitions",
    params: { action: "auth.sign_in_failed" },
    index: "AuditEvent_accountId_action_createdAt_id_idx",
  },
  {
    name: "date range",
    params: { from: "2025-03-10", to: "2025-03-20" },
    index: "AuditEvent_accountId_createdAt_id_idx",
  },
  { name: "one day", params: { from: "2025-06-02", to: "2025-06-02" }, index: "AuditEvent_accountId_createdAt_id_idx" },
  {
    name: "actor and action",
    params: { actor: HEAVY_ACTOR, action: "auth.sign_in" },
    index: "AuditEvent_accountId_actorLabel_action_createdAt_id_idx",
  },
  {
    name: "actor and dates",
    params: { actor: HEAVY_ACTOR, from: "2025-03-10", to: "2025-03-20" },
    index: "AuditEvent_accountId_actorLabel_createdAt_id_idx",
  },
  {
    name: "action and dates",
    params: { action: "auth.sign_in", from: "2025-02-01", to: "2025-04-30" },
    index: "AuditEvent_accountId_action_createdAt_id_idx",
  },
  {
    name: "actor, action and dates",
    params: { actor: HEAVY_ACTOR, action: "auth.sign_in", from: "2025-01-01", to: "2025-06-30" },
    index: "AuditEvent_accountId_actorLabel_action_createdAt_id_idx",
  },
  { name: "from only", params: { from: "2025-12-01" }, index: "AuditEvent_accountId_createdAt_id_idx" },
  { name: "to only", params: { to: "2025-01-15" }, index: "AuditEvent_accountId_createdAt_id_idx" },
  { name: "credential", params: { credential: "cred7" }, index: "AuditEvent_accountId_targetId_createdAt_id_idx" },
];

function filtersOf(shape: Shape): AuditFilters {
  const query = parseAuditLogSearchParams(shape.params);
  expect(query.errors).toEqual({});
  return query.filters;
}

function expectedRows(events: Seeded[], accountId: string, filters: AuditFilters): Seeded[] {
  return events
    .filter((e) => e.accountId === accountId || e.accountId === null)
    .filter((e) => filters.actor === undefined || e.actorLabel === filters.actor)
    .filter((e) => filters.action === undefined || e.action === filters.action)
    .filter((e) => filters.credential === undefined || e.targetId === filters.credential)
    .filter((e) => !filters.from || e.createdAt >= filters.from)
    .filter((e) => !filters.toExclusive || e.createdAt < filters.toExclusive)
    .sort(newestFirst);
}

const cursorAt = (direction: AuditCursor["direction"], row: AuditRow): AuditCursor => ({
  direction,
  createdAt: row.createdAt,
  id: row.id,
});

describeEachDatabase("audit log pages on 10,000 events", (get) => {
  let accountA: string;
  let accountB: string;
  let events: Seeded[];

  beforeAll(async () => {
    const { db } = get();
    accountA = await createAccount(db, "Tenant A");
    accountB = await createAccount(db, "Tenant B");
    const generated = generateEvents(accountA, accountB);
    for (let i = 0; i < generated.length; i += 1000) {
      await db.auditEvent.createMany({
        data: generated.slice(i, i + 1000).map(({ accountId, actorLabel, action, createdAt }, n) => ({
          accountId,
          actorLabel,
          action,
          createdAt,
          targetType: "user",
          targetId: `cred${(i + n) % 40}`,
          targetLabel: `target${(i + n) % 97}@tenant.test`,
          ip: `198.51.100.${(i + n) % 250}`,
        })),
      });
    }
    // The ids were made by Prisma; read them back to know the full (createdAt, id) order.
    const stored = await db.auditEvent.findMany({
      select: { id: true, accountId: true, actorLabel: true, action: true, createdAt: true, targetId: true },
    });
    expect(stored).toHaveLength(TOTAL);
    events = stored.map((row) => ({ ...row, action: row.action as AuditAction }));
  }, 120_000);

  describe("returns the right rows in the right order", () => {
    for (const shape of SHAPES) {
      it(`${shape.name}: pages older to the end and newer back to the start`, async () => {
        const { db } = get();
        const filters = filtersOf(shape);
        const expected = expectedRows(events, accountA, filters);
        expect(expected.length).toBeGreaterThan(0);
        // Small pages for the big shapes keep this test quick while still crossing many pages.
        const pageSize = expected.length > 2000 ? 400 : 50;

        const pages: AuditRow[][] = [];
        let page = await listAuditEvents(db, accountA, filters, null, pageSize);
        expect(page.newer).toBeNull();
        expect(page.matching).toEqual({ count: expected.length, capped: false });
        pages.push(page.rows);
        while (page.older) {
          page = await listAuditEvents(db, accountA, filters, cursorAt("before", page.older), pageSize);
          expect(page.newer?.id).toBe(page.rows[0]?.id);
          pages.push(page.rows);
        }
        expect(pages.slice(0, -1).every((rows) => rows.length === pageSize)).toBe(true);
        expect(pages.flat().map((row) => row.id)).toEqual(expected.map((row) => row.id));

        // Back from the last page with "Newer": the same pages, in reverse.
        for (let n = pages.length - 2; n >= 0; n--) {
          const firstOfNext = pages[n + 1]![0]!;
          page = await listAuditEvents(db, accountA, filters, cursorAt("after", firstOfNext), pageSize);
          expect(page.rows.map((row) => row.id)).toEqual(pages[n]!.map((row) => row.id));
          expect(page.older?.id).toBe(pages[n]!.at(-1)!.id);
          expect(page.newer === null).toBe(n === 0);
        }
      });
    }

    it("never shows another account's events", async () => {
      const { db } = get();
      const otherIds = new Set(events.filter((e) => e.accountId === accountB).map((e) => e.id));
      expect(otherIds.size).toBeGreaterThan(1000);
      const page = await listAuditEvents(
        db,
        accountA,
        filtersOf({ name: "", params: { actor: "user0@tenant-b.test" }, index: "" }),
      );
      expect(page.rows).toEqual([]);
      expect(page.matching).toEqual({ count: 0, capped: false });
      // Tenant B's own admin sees tenant B's rows (and the installation-wide ones), not A's.
      const b = await listAuditEvents(db, accountB, {}, null, 500);
      expect(
        b.rows.every((row) => otherIds.has(row.id) || events.find((e) => e.id === row.id)?.accountId === null),
      ).toBe(true);
    });

    it("caps the count and says so", async () => {
      const { db } = get();
      expect(await countAuditEvents(db, accountA, {}, 100)).toEqual({ count: 100, capped: true });
      const all = expectedRows(events, accountA, {}).length;
      expect(await countAuditEvents(db, accountA, {}, all)).toEqual({ count: all, capped: false });
      expect(await countAuditEvents(db, accountA, {}, all - 1)).toEqual({ count: all - 1, capped: true });
    });

    it("includes both ends of the date range, in UTC", async () => {
      const { db } = get();
      const filters = filtersOf({
        name: "",
        params: { actor: HEAVY_ACTOR, action: "user.updated", from: "2025-03-10", to: "2025-03-20" },
        index: "",
      });
      const page = await listAuditEvents(db, accountA, filters, null, 500);
      const times = page.rows.map((row) => row.createdAt.toISOString());
      expect(times).toContain("2025-03-20T23:59:59.999Z");
      expect(times).toContain("2025-03-10T00:00:00.000Z");
      expect(times).not.toContain("2025-03-21T00:00:00.000Z");
      expect(times).not.toContain("2025-03-09T23:59:59.999Z");
    });
  });

  describe("reads every query shape off its index", () => {
    for (const stage of PLAN_STAGES) {
      for (const shape of SHAPES) {
        it(`${shape.name} (${stage.name})`, async (context) => {
          const database = get();
          // PostgreSQL's stage "without statistics" is skipped on purpose (test/query-plans.ts, PLAN_STAGES):
          // autovacuum analyzes its tables, so plans without statistics are never what it runs.
          if (!stage[database.kind]) context.skip();
          if (stage.name !== "without statistics") await refreshStatistics(database, stage);
          const filters = filtersOf(shape);
          const first = await listAuditEvents(database.db, accountA, filters);
          const middle = first.rows[Math.floor(first.rows.length / 2)]!;
          const queries = await captureQueries(database, async (db) => {
            await listAuditEvents(db, accountA, filters);
            await listAuditEvents(db, accountA, filters, cursorAt("before", middle));
            await listAuditEvents(db, accountA, filters, cursorAt("after", middle));
          });
          // 3 pages x 2 partitions x (read + count)
          expect(queries).toHaveLength(12);
          const indexesRead = new Set<string>();
          for (const query of queries) {
            const plan = await explain(database, query);
            const isCount = query.sql.includes("COUNT(");
            const where = `${query.sql}\n${JSON.stringify(query.params)}\n${plan.text}`;
            plan.indexes.forEach((index) => indexesRead.add(index));
            if (database.kind === "sqlite") {
              expect(plan.fullScans, where).toEqual([]);
              expect(plan.sorts, where).toBe(false);
              // Without statistics SQLite guesses that a two-sided date range narrows more than
              // an equality on a further column, and for "actor (or action) and dates" reads
              // (accountId, createdAt, id) over the dates, filtering the rest: still an ordered
              // index range, not the best one. With statistics it takes the shape's index.
              const guess =
                stage.name === "without statistics" && shape.params.from && shape.params.to && shape.index !== BY_DATE;
              expect(guess ? [shape.index, BY_DATE] : [shape.index], where).toContain(plan.indexes.join());
              continue;
            }
            // PostgreSQL, before any VACUUM: counting a large share of the table (no filter, a
            // wide date range) legitimately prefers a Seq Scan, because with no visibility map an
            // index-only scan must visit every matching row in the table anyway. Autovacuum
            // sets the map on a live server; the VACUUM ANALYZE stage checks counts strictly.
            if (isCount && !stage.vacuum) continue;
            expect(plan.fullScans, where).toEqual([]);
            expect(plan.indexes.length, where).toBeGreaterThan(0);
            // The planner's cost-based choices, all bounded: the shape's index in order; or, when
            // this account holds a large share of the recent log, AuditEvent_createdAt_idx walked
            // newest first with the rest as a filter (the table is written in time order, so
            // that walk reads few pages, sorts only ties and stops at the LIMIT); or, when it
            // expects few rows, a bitmap read of them and a sort. Never a sort of many rows.
            for (const rows of plan.sortedRows) expect(rows, where).toBeLessThanOrEqual(500);
          }
          // The shape's own index does the work wherever it is the better path, on both
          // databases, so this fails if it is dropped. (On PostgreSQL before VACUUM the counts
          // are not checked, and a date-only shape may be served by AuditEvent_createdAt_idx.)
          if (database.kind === "sqlite" || stage.vacuum) expect([...indexesRead]).toContain(shape.index);
        });
      }
    }
  });
});

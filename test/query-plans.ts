// Query plans of the SQL that Prisma really sends, for tests that prove a list is served by
// an index: `captureQueries` runs domain code on a logging client of the test database and
// returns each statement with its parameters; `explain` asks the database for its plan.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import type { Db } from "@/lib/db";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import type { TestDatabase } from "./databases";

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

/** Runs `run` against the same database through a client that records every statement. */
export async function captureQueries(
  database: TestDatabase,
  run: (db: Db) => Promise<unknown>,
): Promise<CapturedQuery[]> {
  const log = [{ emit: "event", level: "query" }] as const;
  const captured: CapturedQuery[] = [];
  const onQuery = (event: { query: string; params: string }) =>
    captured.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] });
  let client: Db;
  if (database.kind === "postgresql") {
    const postgres = new PostgresClient({
      adapter: new PrismaPg({ connectionString: database.url, max: 2 }),
      log: [...log],
    });
    postgres.$on("query", onQuery);
    client = postgres as unknown as Db;
  } else {
    const sqlite = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: database.sqlitePath! }), log: [...log] });
    sqlite.$on("query", onQuery);
    client = sqlite as unknown as Db;
  }
  try {
    await run(client);
  } finally {
    await client.$disconnect();
  }
  return captured;
}

export interface PlanSummary {
  /** The plan as text, for failure messages. */
  text: string;
  /** Indexes the plan reads. */
  indexes: string[];
  /** Tables read in full, without an index. */
  fullScans: string[];
  /** Whether the rows are sorted after they are read (the index did not give the order). */
  sorts: boolean;
  /** PostgreSQL: the planner's estimate of the rows each Sort node sorts. */
  sortedRows: number[];
}

function summariseSqlitePlan(rows: { detail: string }[]): PlanSummary {
  const details = rows.map((row) => row.detail);
  const indexes: string[] = [];
  const fullScans: string[] = [];
  for (const detail of details) {
    const index = /USING (?:COVERING )?INDEX (\S+)/.exec(detail);
    if (index?.[1]) indexes.push(index[1]);
    // "SCAN AuditEvent" reads the whole table; "SCAN AuditEvent USING INDEX x" walks an index
    // in order; "SCAN sub" reads a sub-select's result, not a table.
    const scan = /^SCAN (\S+)$/.exec(detail);
    if (scan?.[1] && scan[1] !== "sub") fullScans.push(scan[1]);
  }
  return {
    text: details.join("\n"),
    indexes,
    fullScans,
    sorts: details.some((detail) => detail.includes("USE TEMP B-TREE")),
    sortedRows: [],
  };
}

interface PgPlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Plan Rows"?: number;
  Plans?: PgPlanNode[];
}

function summarisePostgresPlan(root: PgPlanNode): PlanSummary {
  const summary: PlanSummary = {
    text: JSON.stringify(root, null, 1),
    indexes: [],
    fullScans: [],
    sorts: false,
    sortedRows: [],
  };
  const visit = (node: PgPlanNode) => {
    if (node["Index Name"]) summary.indexes.push(node["Index Name"]);
    if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) summary.fullScans.push(node["Relation Name"]);
    if (node["Node Type"] === "Sort" || node["Node Type"] === "Incremental Sort") summary.sorts = true;
    // An Incremental Sort only orders ties within rows the index already gave in order.
    if (node["Node Type"] === "Sort") summary.sortedRows.push(node["Plan Rows"] ?? Infinity);
    node.Plans?.forEach(visit);
  };
  visit(root);
  return summary;
}

/** The plan the database chooses for `query`, with its real parameters bound. */
export async function explain(database: TestDatabase, query: CapturedQuery): Promise<PlanSummary> {
  if (database.kind === "postgresql") {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // Bound parameters give a custom plan for these values, as the app's queries get.
      const { rows } = await client.query<{ "QUERY PLAN": { Plan: PgPlanNode }[] }>(
        `EXPLAIN (FORMAT JSON) ${query.sql}`,
        query.params,
      );
      const plan = rows[0]?.["QUERY PLAN"][0]?.Plan;
      if (!plan) throw new Error(`No plan for ${query.sql}`);
      return summarisePostgresPlan(plan);
    } finally {
      await client.end();
    }
  }
  const sqlite = new Database(database.sqlitePath!, { readonly: true });
  try {
    const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[];
    return summariseSqlitePlan(rows);
  } finally {
    sqlite.close();
  }
}

/**
 * Refreshes the planner's statistics, as a running server's autovacuum does: ANALYZE, or
 * VACUUM ANALYZE, which also sets PostgreSQL's visibility map (what makes an index-only
 * scan cheaper than visiting the table).
 */
export async function refreshStatistics(database: TestDatabase, options: { vacuum: boolean }): Promise<void> {
  const statement = options.vacuum ? "VACUUM ANALYZE" : "ANALYZE";
  if (database.kind === "postgresql") {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
    return;
  }
  const sqlite = new Database(database.sqlitePath!);
  try {
    if (options.vacuum) sqlite.exec("VACUUM");
    sqlite.exec("ANALYZE");
  } finally {
    sqlite.close();
  }
}

/**
 * The states a plan is checked in: SQLite also with no statistics (Keyward never runs ANALYZE
 * there). PostgreSQL is left out of that stage: its autovacuum analyzes every table, so a plan
 * read without statistics is one it never runs in service.
 */
export const PLAN_STAGES = [
  { name: "without statistics", sqlite: true, postgresql: false, vacuum: false },
  { name: "after ANALYZE", sqlite: true, postgresql: true, vacuum: false },
  { name: "after VACUUM ANALYZE", sqlite: true, postgresql: true, vacuum: true },
] as const;

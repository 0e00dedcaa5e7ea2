// 0010_network_ids on a database that already holds advertisers: each keeps its generated id as
// its network id (so its URLs keep working), names shared within an account (in any case) become
// unique without losing a row, and the stored folded name is what lib/organizations computes.
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { nameKey } from "@/lib/organizations/name-key";
import { createPostgresDatabase, createSqliteFile, isPostgresAvailable } from "@/test/databases";
import { loadMigrations, migratePostgres, migrateSqlite } from "./migrate";

const MIGRATION = "0010_network_ids";
const NOW = "2026-01-01T00:00:00.000Z";
const BEFORE = [
  // id, accountId, name
  ["c1", "a1", "Acme Outdoor"],
  ["c2", "a1", "ACME outdoor"],
  ["c3", "a1", "50% Off_Deals \\ Co"],
  ["c4", "a2", "Acme Outdoor"],
] as const;
const AFTER = [
  { id: "c1", idFromNetwork: "c1", name: "Acme Outdoor", approvalStatus: "Approved" },
  { id: "c2", idFromNetwork: "c2", name: "ACME outdoor (c2)", approvalStatus: "Approved" },
  { id: "c3", idFromNetwork: "c3", name: "50% Off_Deals \\ Co", approvalStatus: "Approved" },
  { id: "c4", idFromNetwork: "c4", name: "Acme Outdoor", approvalStatus: "Approved" },
];

function expectMigrated(
  rows: { id: string; idFromNetwork: string; name: string; approvalStatus: string; nameKey: string }[],
) {
  expect(rows.map(({ nameKey: _key, ...row }) => row)).toEqual(AFTER);
  for (const row of rows) expect(row.nameKey, row.name).toBe(nameKey(row.name));
}

describe(`${MIGRATION} keys existing advertisers by their ids`, () => {
  it("on SQLite", () => {
    const path = createSqliteFile();
    const all = loadMigrations("sqlite");
    migrateSqlite(
      path,
      all.filter((m) => m.name < MIGRATION),
    );
    const raw = new Database(path);
    raw.prepare(`INSERT INTO "Account" ("id", "name") VALUES ('a1', 'One'), ('a2', 'Two')`).run();
    const insert = raw.prepare(`INSERT INTO "Advertiser" ("id", "accountId", "name", "updatedAt") VALUES (?, ?, ?, ?)`);
    for (const [id, accountId, name] of BEFORE) insert.run(id, accountId, name, NOW);
    raw.close();
    migrateSqlite(path, all);
    const after = new Database(path);
    expectMigrated(
      after
        .prepare(`SELECT "id", "idFromNetwork", "name", "approvalStatus", "nameKey" FROM "Advertiser" ORDER BY "id"`)
        .all() as never,
    );
    after.close();
  });

  it("on PostgreSQL", async (context) => {
    // Skipped only outside CI with no PostgreSQL running: in CI isPostgresAvailable() throws instead.
    if (!(await isPostgresAvailable())) return context.skip();
    const created = await createPostgresDatabase();
    try {
      const all = loadMigrations("postgresql");
      await migratePostgres(
        created.url,
        all.filter((m) => m.name < MIGRATION),
      );
      const client = new pg.Client({ connectionString: created.url });
      await client.connect();
      try {
        await client.query(`INSERT INTO "Account" ("id", "name") VALUES ('a1', 'One'), ('a2', 'Two')`);
        for (const [id, accountId, name] of BEFORE) {
          await client.query(
            `INSERT INTO "Advertiser" ("id", "accountId", "name", "updatedAt") VALUES ($1, $2, $3, $4)`,
            [id, accountId, name, NOW],
          );
        }
        await migratePostgres(created.url, all);
        const { rows } = await client.query(
          `SELECT "id", "idFromNetwork", "name", "approvalStatus", "nameKey" FROM "Advertiser" ORDER BY "id"`,
        );
        expectMigrated(rows);
      } finally {
        await client.end();
      }
    } finally {
      await created.drop();
    }
  });
});

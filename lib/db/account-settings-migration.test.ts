// 0008_account_settings: the installation-wide API Settings saved before it become every
// existing account's own, so an upgrade changes nothing for anyone.
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createPostgresDatabase, createSqliteFile, isPostgresAvailable } from "@/test/databases";
import { loadMigrations, migratePostgres, migrateSqlite } from "./migrate";

const MIGRATION = "0008_account_settings";
const SAVED = JSON.stringify({ allowQueryTokens: false, allowTokenExchange: true });

describe(`${MIGRATION} carries the installation-wide settings over`, () => {
  it("on SQLite: every account gets the saved value and the installation-wide row is gone", () => {
    const path = createSqliteFile();
    const all = loadMigrations("sqlite");
    migrateSqlite(
      path,
      all.filter((m) => m.name < MIGRATION),
    );
    const raw = new Database(path);
    raw.prepare(`INSERT INTO "Account" ("id", "name") VALUES ('a1', 'One'), ('a2', 'Two')`).run();
    raw
      .prepare(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('api', ?, ?)`)
      .run(SAVED, new Date().toISOString());
    raw.close();
    migrateSqlite(path, all);
    const after = new Database(path);
    expect(
      after.prepare(`SELECT "id", "allowQueryTokens", "allowTokenExchange" FROM "Account" ORDER BY "id"`).all(),
    ).toEqual([
      { id: "a1", allowQueryTokens: 0, allowTokenExchange: 1 },
      { id: "a2", allowQueryTokens: 0, allowTokenExchange: 1 },
    ]);
    expect(after.prepare(`SELECT COUNT(*) AS n FROM "Setting" WHERE "key" = 'api'`).get()).toEqual({ n: 0 });
    after.close();
  });

  it("on PostgreSQL: every account gets the saved value and the installation-wide row is gone", async (context) => {
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
        await client.query(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('api', $1, now())`, [SAVED]);
        await migratePostgres(created.url, all);
        const accounts = await client.query(
          `SELECT "id", "allowQueryTokens", "allowTokenExchange" FROM "Account" ORDER BY "id"`,
        );
        expect(accounts.rows).toEqual([
          { id: "a1", allowQueryTokens: false, allowTokenExchange: true },
          { id: "a2", allowQueryTokens: false, allowTokenExchange: true },
        ]);
        expect((await client.query(`SELECT COUNT(*)::int AS n FROM "Setting" WHERE "key" = 'api'`)).rows).toEqual([
          { n: 0 },
        ]);
      } finally {
        await client.end();
      }
    } finally {
      await created.drop();
    }
  });
});

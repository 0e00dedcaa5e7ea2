import { writeFileSync, mkdirSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, createSqliteFile, isPostgresAvailable } from "@/test/databases";
import { createDb } from "./client";
import { loadMigrations, migrate, migrateSqlite, MigrationError } from "./migrate";

describe("migrations on SQLite", () => {
  it("creates the file, applies every migration once, records them, and applies nothing the second time", async () => {
    const sqlitePath = createSqliteFile();
    const target = { kind: "sqlite" as const, url: `file:${sqlitePath}`, sqlitePath };
    const first = await migrate(target);
    expect(first.applied).toEqual(loadMigrations("sqlite").map((m) => m.name));
    const second = await migrate(target);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    const raw = new Database(sqlitePath);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    const recorded = raw.prepare(`SELECT name FROM "_keyward_migrations"`).all();
    expect(recorded).toHaveLength(first.applied.length);
    raw.close();

    const db = await createDb(target);
    const account = await db.account.create({ data: { name: "A" } });
    expect(await db.account.findUnique({ where: { id: account.id } })).not.toBeNull();
    await db.$disconnect();
  });

  it("refuses a database whose applied migration was edited afterwards", () => {
    const root = mkdtempSync(join(tmpdir(), "keyward-mig-"));
    cpSync(join(process.cwd(), "prisma", "migrations"), join(root, "prisma", "migrations"), { recursive: true });
    const sqlitePath = createSqliteFile();
    migrateSqlite(sqlitePath, loadMigrations("sqlite", root));
    const first = loadMigrations("sqlite", root)[0]!;
    writeFileSync(
      join(root, "prisma", "migrations", "sqlite", first.name, "migration.sql"),
      first.sql + "\n-- edited\n",
    );
    expect(() => migrateSqlite(sqlitePath, loadMigrations("sqlite", root))).toThrow(MigrationError);
  });

  it("refuses a database that has a migration this version does not know", () => {
    const root = mkdtempSync(join(tmpdir(), "keyward-mig-"));
    mkdirSync(join(root, "prisma", "migrations", "sqlite", "0001_only"), { recursive: true });
    writeFileSync(
      join(root, "prisma", "migrations", "sqlite", "0001_only", "migration.sql"),
      "CREATE TABLE t (id INTEGER);",
    );
    const sqlitePath = createSqliteFile();
    migrateSqlite(sqlitePath, loadMigrations("sqlite"));
    expect(() => migrateSqlite(sqlitePath, loadMigrations("sqlite", root))).toThrow(/does not know/);
  });
});

describe("migrations on PostgreSQL", async () => {
  const available = await isPostgresAvailable();
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it.runIf(available)("applies every migration once even when three instances start together", async () => {
    const database = await createPostgresDatabase();
    drops.push(database.drop);
    const target = { kind: "postgresql" as const, url: database.url };
    const results = await Promise.all([migrate(target), migrate(target), migrate(target)]);
    const names = loadMigrations("postgresql").map((m) => m.name);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(names.sort());
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(`SELECT name FROM "_keyward_migrations"`);
    await client.end();
    expect(rows).toHaveLength(names.length);
    expect((await migrate(target)).applied).toEqual([]);
  });

  it("has the same migration names, in the same order, for both databases", () => {
    expect(loadMigrations("postgresql").map((m) => m.name)).toEqual(loadMigrations("sqlite").map((m) => m.name));
  });
});

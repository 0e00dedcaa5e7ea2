// Applies the versioned SQL migrations under prisma/migrations/<provider>/ in name order,
// recording each (name, checksum, time) in _keyward_migrations. Idempotent: a migration
// already recorded is skipped; one recorded with another checksum stops everything, because
// an edited migration means the database no longer matches the history.
// Concurrency: instances starting together serialise on a lock (PostgreSQL advisory lock,
// SQLite exclusive transaction), so nothing is applied twice.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseKind } from "../env";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

const MIGRATIONS_TABLE = "_keyward_migrations";
// Any fixed 64-bit number: the advisory lock every Keyward instance takes while migrating.
const PG_MIGRATION_LOCK = 7_316_052_218;

export function migrationsDir(kind: DatabaseKind, root = process.cwd()): string {
  return join(root, "prisma", "migrations", kind);
}

export function loadMigrations(kind: DatabaseKind, root = process.cwd()): Migration[] {
  const dir = migrationsDir(kind, root);
  if (!existsSync(dir)) throw new MigrationError(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkRecorded(migrations: Migration[], recorded: Map<string, string>): void {
  const known = new Set(migrations.map((m) => m.name));
  for (const name of recorded.keys()) {
    if (!known.has(name)) {
      throw new MigrationError(
        `The database has migration ${name}, which this version of Keyward does not know: is the app older than the database?`,
      );
    }
  }
  for (const migration of migrations) {
    const checksum = recorded.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new MigrationError(
        `Migration ${migration.name} was changed after it was applied (checksum mismatch); restore the original file`,
      );
    }
  }
}

/** Opens a SQLite file with the settings every Keyward connection uses. */
export function openSqlite(path: string): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 10_000 });
  // WAL lets readers run while one writer writes; the busy timeout makes a second writer wait
  // instead of failing with SQLITE_BUSY. WAL is stored in the file; the rest is per connection.
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 10000");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  return db;
}

export function migrateSqlite(path: string, migrations: Migration[]): MigrateResult {
  const db = openSqlite(path);
  try {
    db.exec(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    // One exclusive transaction for the whole run: a second process waits (busy timeout)
    // and then finds everything recorded.
    db.transaction(() => {
      const rows = db.prepare(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}"`).all() as {
        name: string;
        checksum: string;
      }[];
      const recorded = new Map(rows.map((row) => [row.name, row.checksum]));
      checkRecorded(migrations, recorded);
      const insert = db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`);
      for (const migration of migrations) {
        if (recorded.has(migration.name)) {
          result.alreadyApplied.push(migration.name);
          continue;
        }
        db.exec(migration.sql);
        insert.run(migration.name, migration.checksum, new Date().toISOString());
        result.applied.push(migration.name);
      }
    }).exclusive();
    return result;
  } finally {
    db.close();
  }
}

export async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ name: string; checksum: string }>(
        `SELECT name, checksum FROM "${MIGRATIONS_TABLE}"`,
      );
      const recorded = new Map(rows.map((row) => [row.name, row.checksum]));
      checkRecorded(migrations, recorded);
      const result: MigrateResult = { applied: [], alreadyApplied: [] };
      for (const migration of migrations) {
        if (recorded.has(migration.name)) {
          result.alreadyApplied.push(migration.name);
          continue;
        }
        // PostgreSQL DDL is transactional: a migration applies whole or not at all.
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [
            migration.name,
            migration.checksum,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
        }
        result.applied.push(migration.name);
      }
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_MIGRATION_LOCK]);
    }
  } finally {
    await client.end();
  }
}

export async function migrate(
  target: { kind: DatabaseKind; url: string; sqlitePath?: string },
  root = process.cwd(),
): Promise<MigrateResult> {
  const migrations = loadMigrations(target.kind, root);
  if (target.kind === "postgresql") return migratePostgres(target.url, migrations);
  if (!target.sqlitePath) throw new MigrationError("SQLite migration needs a file path");
  return migrateSqlite(target.sqlitePath, migrations);
}

// Fresh, migrated databases for integration tests: a SQLite file of its own, and (when a
// PostgreSQL server answers) a database of its own created on it and dropped afterwards.
// Vitest suites use describeEachDatabase (test/each-database.ts) to run on both.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { DatabaseKind } from "@/lib/env";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

/** The server's maintenance URL; a test database is created beside it. */
export const POSTGRES_ADMIN_URL =
  process.env.KEYWARD_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  sqlitePath?: string;
  db: Db;
  drop(): Promise<void>;
}

let postgresAvailable: Promise<boolean> | undefined;

export function isPostgresAvailable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${POSTGRES_ADMIN_URL} does not answer`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresAvailable;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `keyward_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabaseName(POSTGRES_ADMIN_URL, name),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export function createSqliteFile(): string {
  return join(mkdtempSync(join(tmpdir(), "keyward-test-")), "keyward.db");
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const sqlitePath = createSqliteFile();
    const url = `file:${sqlitePath}`;
    await migrate({ kind, url, sqlitePath });
    const db = await createDb({ kind, url, sqlitePath });
    return { kind, url, sqlitePath, db, drop: () => db.$disconnect() };
  }
  const created = await createPostgresDatabase();
  await migrate({ kind, url: created.url });
  const db = await createDb({ kind, url: created.url });
  return {
    kind,
    url: created.url,
    db,
    async drop() {
      await db.$disconnect();
      await created.drop();
    },
  };
}

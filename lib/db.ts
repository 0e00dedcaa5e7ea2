// The app's one database client, built once per process from the validated environment
// (and kept across hot reloads in development).
import { env } from "./env";
import { createDb, type Db } from "./db/client";

export type { Db, Tx } from "./db/client";

const globalForDb = globalThis as unknown as { keywardDb?: Promise<Db> };

export function db(): Promise<Db> {
  globalForDb.keywardDb ??= (() => {
    const e = env();
    return createDb({ kind: e.databaseKind, url: e.databaseUrl, sqlitePath: e.sqlitePath });
  })();
  return globalForDb.keywardDb;
}

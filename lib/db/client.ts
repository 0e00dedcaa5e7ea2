// Builds a Prisma client for a database URL: the SQLite client with the better-sqlite3
// adapter by default, the PostgreSQL client with the pg adapter for postgres:// URLs.
// Both generated clients have the same model API, so one type (the SQLite one) stands for
// both. Secret columns are omitted by default so a hash never travels by accident.
import { SerializedBetterSqlite3 } from "./serialized-sqlite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client";
import type { DatabaseKind } from "../env";
import { attachCommitCounter } from "./commits-by-others";
import { attachCredentialRowQuery, credentialRowQuery } from "./credential-by-hash";

// Interactive transactions queue for the connection (SQLite) or pool (PostgreSQL); under a
// burst they may wait longer than Prisma's 2 s default before starting. Waiting is right.
const transactionOptions = { maxWait: 15_000, timeout: 15_000 };

const omit = { user: { passwordHash: true }, credential: { secretHash: true, sealedSecret: true } } as const;

function createSqliteClient(path: string) {
  const adapter = new SerializedBetterSqlite3({ url: path, timeout: 10_000 });
  const client = new SqliteClient({ adapter, omit, transactionOptions });
  attachCommitCounter(client, () => adapter.dataVersion());
  return client;
}

export type Db = ReturnType<typeof createSqliteClient>;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * The verifier's miss path reads a credential by its hash through a prepared statement of its
 * own (./credential-by-hash.ts), made with the client and closed with it.
 */
function withCredentialRowQuery(client: Db, target: { kind: DatabaseKind; url: string; sqlitePath?: string }): Db {
  const query = credentialRowQuery(target);
  attachCredentialRowQuery(client, query);
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await query.close();
    await disconnect();
  };
  return client;
}

export async function createDb(target: { kind: DatabaseKind; url: string; sqlitePath?: string }): Promise<Db> {
  if (target.kind === "postgresql") {
    const adapter = new PrismaPg({ connectionString: target.url, max: 10 });
    // Same models, same API: the generated PostgreSQL client is typed through the SQLite one.
    return withCredentialRowQuery(new PostgresClient({ adapter, omit, transactionOptions }) as unknown as Db, target);
  }
  if (!target.sqlitePath) throw new Error("createDb: SQLite needs a file path");
  const db = withCredentialRowQuery(createSqliteClient(target.sqlitePath), target);
  // The adapter holds one connection; these settings are per connection (WAL is already in
  // the file, set by the migrator). Foreign keys are off in SQLite unless asked for.
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await db.$executeRawUnsafe("PRAGMA busy_timeout = 10000");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  return db;
}

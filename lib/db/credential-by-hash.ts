// The verifier's miss path: a credential and its owner found by the secret's keyed hash in one
// prepared statement on the unique secretHash index, outside Prisma. Through Prisma the same
// read costs a few hundred microseconds of query building and result mapping (see the figures
// in README "Performance"); a statement prepared once costs what the database itself does.
//
// SQLite: a read-only better-sqlite3 connection of its own on the same file. With WAL it
// reads the last committed state without waiting for writers, and never sees another
// request's uncommitted transaction (which the app's one shared connection could).
// PostgreSQL: a small pg pool of its own and a named statement, which each pooled connection
// prepares once and then only executes, for every miss of one turn of the event loop at once.
import Database, { type Statement } from "better-sqlite3";
import { Pool } from "pg";
import type { DatabaseKind } from "../env";

/** One row: the credential's columns, its owner's (null without one) and its account's switch. */
export interface CredentialRow {
  id: string;
  kind: string;
  accountId: string;
  hint: string;
  status: string;
  /** ms since the epoch */
  expiresAt: number | null;
  rolledAt: number | null;
  scopes: string | null;
  onlyChosenAdvertisers: boolean;
  onlyChosenPublishers: boolean;
  secretHash: string;
  oauthClientId: string | null;
  owner: {
    id: string;
    email: string;
    name: string;
    role: string;
    status: string;
    isApiUser: boolean;
    advertiserId: string | null;
    publisherId: string | null;
  } | null;
  allowQueryTokens: boolean;
  /** Its own rate limit and IP allowlist (lib/rate-limits, lib/allowlists). */
  rateLimit: number | null;
  rateLimitWindow: string | null;
  ipAllowlist: string | null;
  ipAllowlistReportOnly: boolean;
  /** Its account's defaults for both. */
  account: {
    rateLimit: number | null;
    rateLimitWindow: string | null;
    ipAllowlist: string | null;
    ipAllowlistReportOnly: boolean;
  };
}

export interface CredentialRowQuery {
  byHash(secretHash: string): Promise<CredentialRow | null>;
  close(): Promise<void>;
}

const COLUMNS = `c."id", c."kind", c."accountId", c."hint", c."status", c."scopes",
  c."onlyChosenAdvertisers", c."onlyChosenPublishers", c."secretHash", c."oauthClientId",
  u."id" AS "ownerId", u."email" AS "ownerEmail", u."name" AS "ownerName", u."role" AS "ownerRole",
  u."status" AS "ownerStatus", u."isApiUser" AS "ownerIsApiUser", u."advertiserId" AS "ownerAdvertiserId",
  u."publisherId" AS "ownerPublisherId", a."allowQueryTokens",
  c."rateLimit", c."rateLimitWindow", c."ipAllowlist", c."ipAllowlistReportOnly",
  a."rateLimit" AS "accountRateLimit", a."rateLimitWindow" AS "accountRateLimitWindow",
  a."ipAllowlist" AS "accountIpAllowlist", a."ipAllowlistReportOnly" AS "accountIpAllowlistReportOnly"`;
const FROM = `FROM "Credential" c LEFT JOIN "User" u ON u."id" = c."userId" JOIN "Account" a ON a."id" = c."accountId"
  WHERE c."secretHash" = `;

type RawRow = Record<string, unknown>;

function toRow(raw: RawRow, time: (value: unknown) => number | null): CredentialRow {
  const text = (key: string) => raw[key] as string;
  const maybe = (key: string) => (raw[key] ?? null) as string | null;
  return {
    id: text("id"),
    kind: text("kind"),
    accountId: text("accountId"),
    hint: text("hint"),
    status: text("status"),
    expiresAt: time(raw.expiresAt),
    rolledAt: time(raw.rolledAt),
    scopes: maybe("scopes"),
    onlyChosenAdvertisers: Boolean(raw.onlyChosenAdvertisers),
    onlyChosenPublishers: Boolean(raw.onlyChosenPublishers),
    secretHash: text("secretHash"),
    oauthClientId: maybe("oauthClientId"),
    owner:
      raw.ownerId === null || raw.ownerId === undefined
        ? null
        : {
            id: text("ownerId"),
            email: text("ownerEmail"),
            name: text("ownerName"),
            role: text("ownerRole"),
            status: text("ownerStatus"),
            isApiUser: Boolean(raw.ownerIsApiUser),
            advertiserId: maybe("ownerAdvertiserId"),
            publisherId: maybe("ownerPublisherId"),
          },
    allowQueryTokens: Boolean(raw.allowQueryTokens),
    rateLimit: (raw.rateLimit ?? null) as number | null,
    rateLimitWindow: maybe("rateLimitWindow"),
    ipAllowlist: maybe("ipAllowlist"),
    ipAllowlistReportOnly: Boolean(raw.ipAllowlistReportOnly),
    account: {
      rateLimit: (raw.accountRateLimit ?? null) as number | null,
      rateLimitWindow: maybe("accountRateLimitWindow"),
      ipAllowlist: maybe("accountIpAllowlist"),
      ipAllowlistReportOnly: Boolean(raw.accountIpAllowlistReportOnly),
    },
  };
}

/** SQLite keeps Prisma's DateTime as ISO text ("2026-11-30T07:14:30.177+00:00"), or as ms in older rows. */
function sqliteTime(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  const ms = Date.parse(value as string);
  if (Number.isNaN(ms)) throw new Error(`Unreadable time in the credential store: ${String(value)}`);
  return ms;
}

function sqliteQuery(path: string): CredentialRowQuery {
  let connection: Database.Database | null = null;
  let statement: Statement<[string], RawRow> | null = null;
  return {
    async byHash(secretHash) {
      if (!statement) {
        connection = new Database(path, { readonly: true, fileMustExist: true, timeout: 10_000 });
        statement = connection.prepare<[string], RawRow>(`SELECT ${COLUMNS}, c."expiresAt", c."rolledAt" ${FROM} ?`);
      }
      const raw = statement.get(secretHash);
      return raw ? toRow(raw, sqliteTime) : null;
    },
    async close() {
      connection?.close();
      connection = null;
      statement = null;
    },
  };
}

/** Hashes per PostgreSQL look-up at most (one array parameter). */
const MOST_PER_LOOKUP = 100;

interface Waiter {
  resolve(row: CredentialRow | null): void;
  reject(error: unknown): void;
}

function postgresQuery(url: string): CredentialRowQuery {
  // TIMESTAMP(3) holds UTC without a zone: its epoch is read as UTC, whatever the server's zone.
  // One json column rather than 27: pg describes and parses every column of every row it
  // receives (type parsers, field objects), which cost more than the read itself; one JSON.parse
  // of the whole row costs a fraction of it.
  const text = `SELECT row_to_json(r) AS "row" FROM (SELECT ${COLUMNS},
    (EXTRACT(EPOCH FROM c."expiresAt") * 1000)::float8 AS "expiresAt",
    (EXTRACT(EPOCH FROM c."rolledAt") * 1000)::float8 AS "rolledAt" ${FROM} ANY($1::text[])) r`;
  let pool: Pool | null = null;
  // Misses asked for in the same turn of the event loop (a burst of requests for credentials
  // the cache does not hold: many integrations calling at once) share one query: a round trip,
  // a pooled connection and the statement's fixed cost in both processes once per burst
  // rather than once per request. A lone miss waits only for the end of the turn.
  let waiting = new Map<string, Waiter[]>();
  let scheduled: NodeJS.Immediate | null = null;

  async function lookUp(batch: Map<string, Waiter[]>): Promise<void> {
    try {
      pool ??= newPool(url);
      const result = await pool.query<{ row: RawRow }>({
        name: "keyward_credentials_by_hash_json",
        text,
        values: [[...batch.keys()]],
      });
      const found = new Map<string, RawRow>();
      for (const { row } of result.rows) found.set(row.secretHash as string, row);
      for (const [secretHash, waiters] of batch) {
        const raw = found.get(secretHash);
        for (const waiter of waiters) waiter.resolve(raw ? toRow(raw, epochMs) : null);
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }

  function send(): Promise<void> {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    const batch = waiting;
    waiting = new Map();
    return lookUp(batch);
  }

  return {
    byHash(secretHash) {
      return new Promise<CredentialRow | null>((resolve, reject) => {
        const waiters = waiting.get(secretHash);
        if (waiters) waiters.push({ resolve, reject });
        else waiting.set(secretHash, [{ resolve, reject }]);
        if (waiting.size >= MOST_PER_LOOKUP) void send();
        else scheduled ??= setImmediate(send);
      });
    },
    async close() {
      if (waiting.size > 0) await send();
      const open = pool;
      pool = null;
      await open?.end();
    },
  };
}

function newPool(url: string): Pool {
  const pool = new Pool({ connectionString: url, max: 3, idleTimeoutMillis: 30_000, allowExitOnIdle: true });
  // An idle connection that dies is replaced on the next query; the error is not the request's.
  pool.on("error", () => undefined);
  return pool;
}

function epochMs(value: unknown): number | null {
  return value === null ? null : Math.round(value as number);
}

// On globalThis, like the client itself (lib/db.ts): Next.js may load this module more than
// once in one server (a copy per route bundle), and the client made through one copy is used
// through the others. A WeakMap of the copy's own would miss there, and every cache miss
// would fall back to the Prisma read (about 1 ms more per request on the bench's 5,000-
// credential row before this).
const KEY = Symbol.for("keyward.credentialRowQueries");
const globals = globalThis as Record<symbol, WeakMap<object, CredentialRowQuery> | undefined>;
const queries = (globals[KEY] ??= new WeakMap<object, CredentialRowQuery>());

/** The statement made for this client by createDb (./client.ts); undefined for a transaction's client. */
export function credentialRowQueryOf(client: object): CredentialRowQuery | undefined {
  return queries.get(client);
}

export function attachCredentialRowQuery(client: object, query: CredentialRowQuery): void {
  queries.set(client, query);
}

export function credentialRowQuery(target: {
  kind: DatabaseKind;
  url: string;
  sqlitePath?: string;
}): CredentialRowQuery {
  if (target.kind === "postgresql") return postgresQuery(target.url);
  if (!target.sqlitePath) throw new Error("credentialRowQuery: SQLite needs a file path");
  return sqliteQuery(target.sqlitePath);
}

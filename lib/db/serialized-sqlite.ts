// The better-sqlite3 adapter runs every query on one connection. It queues interactive
// transactions behind each other, but not the queries made outside a transaction: those
// run on the same connection while another request's transaction is open, and so become
// part of it (seeing its uncommitted rows, and lost if it rolls back). This wrapper puts
// both on one queue: a query outside a transaction waits for an open transaction to end.
// (PostgreSQL needs nothing of the kind: each transaction has a pooled connection.)
//
// Its transactions also start with BEGIN IMMEDIATE instead of the adapter's plain BEGIN. A
// deferred transaction that reads and then writes has to upgrade its lock; when another
// connection (a second process on the same file: the seed script, a test, a second server)
// committed in between, SQLite answers SQLITE_BUSY at once, without waiting out
// busy_timeout, because the reads were made on an older snapshot. Taking the write lock at
// BEGIN makes such a transaction wait for the other writer (busy_timeout) instead.
//
// The wrapper runs that BEGIN itself, before the adapter's startTransaction, whose own BEGIN
// becomes a statement that does nothing. The adapter (6.19 to 7.10) takes a mutex of its own
// and then runs BEGIN; when BEGIN throws (another process held the write lock past
// busy_timeout) it never releases that mutex, and every later transaction, and with this
// wrapper every later query, of the server waited for it forever.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** A FIFO lock: `acquire` resolves with the function that releases it. */
function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return (): Promise<() => void> => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = tail.then(() => release);
    tail = tail.then(() => held);
    return ready;
  };
}

interface StatementSource {
  prepare(sql: string): unknown;
}

/** What the adapter runs for its own "BEGIN": nothing, since the wrapper has begun already. */
const ALREADY_BEGUN = { run: () => ({ changes: 0, lastInsertRowid: 0 }) };

/** Takes "BEGIN" away from the adapter (see the top of this file); every other statement is untouched. */
function beginOutsideTheAdapter(adapter: Adapter): void {
  const client = (adapter as unknown as { client?: StatementSource }).client;
  // The adapter keeps its better-sqlite3 Database as `client`; if a release renames it, fail
  // loudly here rather than silently lose both fixes.
  if (!client || typeof client.prepare !== "function")
    throw new Error("SerializedBetterSqlite3: the adapter no longer exposes its better-sqlite3 client");
  const prepare = client.prepare.bind(client);
  client.prepare = (sql: string) => (sql === "BEGIN" ? ALREADY_BEGUN : prepare(sql));
}

function serialize(adapter: Adapter): Adapter {
  beginOutsideTheAdapter(adapter);
  const acquire = createLock();
  const exclusive =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await acquire();
      try {
        return await run(...args);
      } finally {
        release();
      }
    };
  return new Proxy(adapter, {
    get(target, property) {
      if (property === "queryRaw" || property === "executeRaw" || property === "executeScript") {
        const method = (target[property] as (...args: unknown[]) => Promise<unknown>).bind(target);
        return exclusive(method);
      }
      if (property === "startTransaction") {
        return async (...args: Parameters<Adapter["startTransaction"]>): Promise<Transaction> => {
          const release = await acquire();
          let begun = false;
          try {
            // Through executeScript, so a failure reaches Prisma as the adapter's own error
            // (SQLITE_BUSY: "Operation has timed out"), with nothing of the adapter's held.
            await target.executeScript("BEGIN IMMEDIATE");
            begun = true;
            const transaction = await target.startTransaction(...args);
            let released = false;
            const end = () => {
              if (!released) {
                released = true;
                release();
              }
            };
            const commit = transaction.commit.bind(transaction);
            const rollback = transaction.rollback.bind(transaction);
            transaction.commit = async () => {
              try {
                return await commit();
              } finally {
                end();
              }
            };
            transaction.rollback = async () => {
              try {
                return await rollback();
              } finally {
                end();
              }
            };
            return transaction;
          } catch (error) {
            if (begun) await target.executeScript("ROLLBACK").catch(() => undefined);
            release();
            throw error;
          }
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** What `PRAGMA data_version` is on a connection (its own prepared statement). */
type VersionReader = () => number;

/** PrismaBetterSqlite3, with queries outside transactions queued behind open transactions. */
export class SerializedBetterSqlite3 extends PrismaBetterSqlite3 {
  #readVersion: VersionReader | null = null;

  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client?: StatementSource }).client;
    const statement = client?.prepare("PRAGMA data_version") as { pluck(): { get(): unknown } } | undefined;
    const version = statement?.pluck();
    this.#readVersion = version ? () => Number(version.get()) : null;
    return serialize(adapter);
  }

  /**
   * The connection's `PRAGMA data_version`: it changes when another connection to the file
   * (another process: the seed script, a test, a second server) has committed, and never for
   * this connection's own commits. Undefined before the adapter has connected.
   */
  dataVersion(): number | undefined {
    return this.#readVersion?.();
  }
}

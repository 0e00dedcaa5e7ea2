// Whether another process has committed to this SQLite file since the last look: the reader
// of the app connection's `PRAGMA data_version` (./serialized-sqlite.ts), kept per client made
// by createDb (./client.ts). PostgreSQL clients have none (their instances tell each other
// over LISTEN/NOTIFY or Redis, lib/credentials/change-channel.ts).
//
// On globalThis, like the client itself (lib/db.ts): Next.js may load this module once per
// route bundle, and the client made through one copy is used through the others.
const KEY = Symbol.for("keyward.db.commitsByOthers");
const globals = globalThis as Record<symbol, WeakMap<object, () => number | undefined> | undefined>;
const readers = (globals[KEY] ??= new WeakMap<object, () => number | undefined>());

export function attachCommitCounter(client: object, read: () => number | undefined): void {
  readers.set(client, read);
}

/**
 * A counter that moves whenever a connection other than this client's own has committed to
 * the file (undefined while not connected); null for a client that has none (PostgreSQL).
 */
export function commitCounterOf(client: object): (() => number | undefined) | null {
  return readers.get(client) ?? null;
}

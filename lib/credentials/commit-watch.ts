// SQLite without Redis: the database file is the change channel. Every change that can make a
// credential unusable commits to the file, and the app connection's commit counter (lib/db/
// commits-by-others.ts, SQLite's `PRAGMA data_version`) moves when any other process has
// committed to it: the seed script, a test, a second server on the same file. The cache asks
// it at most every COMMITS_BY_OTHERS_CHECK_MS and forgets everything when it moved, so cached
// entries may live for minutes here too; this process's own changes clear the cache directly
// (invalidateCredentialCache) and do not move its counter.
import { commitCounterOf } from "../db/commits-by-others";
import type { Db } from "../db";
import { watchCommitsByOthers } from "./cache";

/** The watch, as ./change-channel.ts reports a channel (health: up while it watches). */
export interface FileWatch {
  transport: "sqlite";
  up(): boolean;
  publish(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts watching the file behind this SQLite client; null when the client has no commit counter. */
export function watchSqliteCommits(database: Db): FileWatch | null {
  const read = commitCounterOf(database);
  if (!read) return null;
  const counter = () => {
    try {
      return read();
    } catch {
      return undefined;
    }
  };
  let seen = counter();
  let watching = true;
  watchCommitsByOthers(() => {
    const now = counter();
    // Cannot tell (not connected, or the read failed): forget, as for a change.
    const changed = now === undefined || now !== seen;
    seen = now;
    return changed;
  });
  return {
    transport: "sqlite",
    up: () => watching,
    // Nothing to send: the commit itself is what every other process's counter sees.
    publish: async () => undefined,
    async stop() {
      watching = false;
      watchCommitsByOthers(null);
    },
  };
}

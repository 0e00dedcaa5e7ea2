// Usage at API speed: the verifier and the endpoint wrapper tell the recorder what happened to
// a known credential (a Map update in the tally), and the recorder writes it in one batch every
// KEYWARD_USAGE_FLUSH_MS, early when the tally fills, and once more when the server stops.
// A UsageRecorder per instance; the process has one (usageRecorder) that the app records into.
import { env } from "../env";
import { db, type Db } from "../db";
import type { UsageClient } from "./client";
import { ACCEPTED, type RefusalReason } from "./outcomes";
import { DEFAULT_MAX_ENTRIES, UsageTally } from "./tally";
import { writeUsageBatch } from "./write-batch";

export interface UsageRecorderOptions {
  /** The database the batches go to (asked at flush time). */
  database: () => Promise<Db>;
  flushIntervalMs: number;
  maxEntries?: number;
}

export class UsageRecorder {
  private tally: UsageTally;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<number> = Promise.resolve(0);
  /** Uses dropped because the tally was full, reported once per flush. */
  dropped = 0;

  constructor(private options: UsageRecorderOptions) {
    this.tally = new UsageTally(options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }

  /** Counters held in memory now (bounded by maxEntries). */
  get pending(): number {
    return this.tally.size;
  }

  /** Another database for the next flushes (the verifier is given one in integration tests). */
  useDatabase(database: () => Promise<Db>): void {
    this.options.database = database;
  }

  accepted(credentialId: string, client: UsageClient, at = Date.now()): void {
    this.tally.add(credentialId, ACCEPTED, client, at);
    this.schedule();
  }

  refused(credentialId: string, reason: RefusalReason, client: UsageClient, at = Date.now()): void {
    this.tally.add(credentialId, reason, client, at);
    this.schedule();
  }

  private schedule(): void {
    if (this.tally.full) {
      void this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /**
   * Writes what was counted; resolves with the number of counters written. One flush at a time:
   * the next one waits for the one in progress, so at most one batch is in flight beside the tally.
   */
  flush(): Promise<number> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const run = this.flushing.then(async () => {
      const batch = this.tally.take();
      if (batch.dropped > 0) {
        this.dropped += batch.dropped;
        console.error(`Keyward: usage tally full, ${batch.dropped} uses were not counted (flush more often)`);
      }
      try {
        await writeUsageBatch(await this.options.database(), batch);
      } catch (error) {
        // Losing a few counts is better than failing API calls; nothing is retried twice.
        console.error(`Keyward: could not record credential usage (${(error as Error).message})`);
        return 0;
      }
      return batch.counts.length;
    });
    this.flushing = run;
    return run;
  }
}

const KEY = Symbol.for("keyward.usage.recorder");
const globals = globalThis as Record<symbol, UsageRecorder | undefined>;

/** The process's recorder, made at first use (its database: the app's, unless told otherwise). */
export function usageRecorder(): UsageRecorder {
  globals[KEY] ??= new UsageRecorder({
    database: db,
    flushIntervalMs: env().usageFlushMs,
  });
  return globals[KEY];
}

/**
 * Counts a refusal of a known credential (for the rate limiter, the IP allowlist and the
 * scope check): a Map update; the flush writes it. `database` is the verifier's when it was
 * given one (integration tests); the app's otherwise.
 */
export function recordRefusal(
  credentialId: string,
  reason: RefusalReason,
  client: UsageClient,
  options: { at?: number; database?: () => Promise<Db> } = {},
): void {
  const recorder = usageRecorder();
  if (options.database) recorder.useDatabase(options.database);
  recorder.refused(credentialId, reason, client, options.at);
}

/** Counts an accepted use of a credential; see recordRefusal. */
export function recordAccepted(
  credentialId: string,
  client: UsageClient,
  options: { at?: number; database?: () => Promise<Db> } = {},
): void {
  const recorder = usageRecorder();
  if (options.database) recorder.useDatabase(options.database);
  recorder.accepted(credentialId, client, options.at);
}

/** Writes the process's pending usage now (on shutdown, and in tests). */
export function flushUsage(): Promise<number> {
  return globals[KEY]?.flush() ?? Promise.resolve(0);
}

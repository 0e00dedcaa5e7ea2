// The in-memory side of usage: counts per credential, hour and outcome, and each credential's
// most recent clients, added to on every verification (a Map update, nothing else) and taken
// whole by the flush. Bounded: past `maxEntries` counters (or credentials with clients) a new
// one is dropped and counted, never grown; the recorder flushes early before that happens.
import type { UsageClient } from "./client";
import type { UsageOutcome } from "./outcomes";

export const HOUR_MS = 3_600_000;
/** Recent clients kept per credential, in memory and in the database. */
export const MAX_RECENT_CLIENTS = 5;
export const DEFAULT_MAX_ENTRIES = 20_000;

/** The UTC hour a time falls in, as whole hours since 1970 (CredentialUsage.hour). */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

export interface UsageCount {
  credentialId: string;
  hour: number;
  outcome: UsageOutcome;
  count: number;
}

export interface SeenClient extends UsageClient {
  credentialId: string;
  /** Epoch milliseconds. */
  lastSeenAt: number;
}

export interface UsageBatch {
  counts: UsageCount[];
  clients: SeenClient[];
  /** Uses not counted because the tally was full (see maxEntries). */
  dropped: number;
}

const SEPARATOR = "\n";

export class UsageTally {
  private counts = new Map<string, number>();
  /** credentialId → (address \n userAgent → last seen, epoch ms), at most MAX_RECENT_CLIENTS each. */
  private clients = new Map<string, Map<string, number>>();
  private dropped = 0;
  /** Keys already built (keyOf), per credential; as bounded as the counters, emptied by take(). */
  private keys = new Map<string, { hour: number; byOutcome: Map<string, string> }>();

  constructor(readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** Counters plus credentials with clients: what the bound applies to. */
  get size(): number {
    return this.counts.size + this.clients.size;
  }

  get full(): boolean {
    return this.size >= this.maxEntries;
  }

  add(credentialId: string, outcome: UsageOutcome, client: UsageClient, at: number): void {
    const key = this.keyOf(credentialId, hourOf(at), outcome);
    const count = this.counts.get(key);
    if (count !== undefined) this.counts.set(key, count + 1);
    else if (this.full) this.dropped += 1;
    else this.counts.set(key, 1);
    this.see(credentialId, client, at);
  }

  /**
   * The counter's key, built once per credential, hour and outcome and then reused: the verifier
   * adds on every request, and a string built afresh each time must be hashed afresh by the Map.
   */
  private keyOf(credentialId: string, hour: number, outcome: UsageOutcome): string {
    let built = this.keys.get(credentialId);
    if (built === undefined || built.hour !== hour) {
      built = { hour, byOutcome: new Map() };
      // Kept only while the tally has room, like the counters themselves.
      if (this.keys.size < this.maxEntries) this.keys.set(credentialId, built);
    }
    let key = built.byOutcome.get(outcome);
    if (key === undefined) {
      key = credentialId + SEPARATOR + hour + SEPARATOR + outcome;
      built.byOutcome.set(outcome, key);
    }
    return key;
  }

  private see(credentialId: string, client: UsageClient, at: number): void {
    let seen = this.clients.get(credentialId);
    if (!seen) {
      if (this.full) return;
      seen = new Map();
      this.clients.set(credentialId, seen);
    }
    const key = client.address + SEPARATOR + client.userAgent;
    const previous = seen.get(key);
    if (previous !== undefined) {
      if (previous < at) seen.set(key, at);
      return;
    }
    if (seen.size >= MAX_RECENT_CLIENTS) {
      let oldestKey: string | null = null;
      let oldest = Infinity;
      for (const [candidate, when] of seen) {
        if (when < oldest) [oldestKey, oldest] = [candidate, when];
      }
      if (oldest > at) return; // older than every one kept: it would not be among the last 5
      seen.delete(oldestKey!);
    }
    seen.set(key, at);
  }

  /** Everything counted so far; the tally starts empty again. */
  take(): UsageBatch {
    const counts: UsageCount[] = [];
    for (const [key, count] of this.counts) {
      const [credentialId, hour, outcome] = key.split(SEPARATOR) as [string, string, UsageOutcome];
      counts.push({ credentialId, hour: Number(hour), outcome, count });
    }
    const clients: SeenClient[] = [];
    for (const [credentialId, seen] of this.clients) {
      for (const [key, lastSeenAt] of seen) {
        const [address, userAgent] = key.split(SEPARATOR) as [string, string];
        clients.push({ credentialId, address, userAgent, lastSeenAt });
      }
    }
    const batch = { counts, clients, dropped: this.dropped };
    this.counts = new Map();
    this.clients = new Map();
    this.keys = new Map();
    this.dropped = 0;
    return batch;
  }
}

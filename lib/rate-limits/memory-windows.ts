// The in-memory store of a single instance's rate limits: fixed windows that start at a
// subject's first request, as rate-limiter-flexible's RateLimiterMemory counts them (and as its
// Redis limiter, which the shared store keeps using, counts them in Redis).
//
// Written here rather than taken from the library because this is on every verified request
// with a limit, and the library's memory limiter costs a promise, a result object and a timer
// per window; scripts/bench's in-process verifier measured it at about a quarter of a cache hit.
// Counting synchronously also means a cache hit with a limit awaits nothing, and one
// process's counts cannot interleave: a burst of requests at once is counted one by one.
import type { RateLimitOutcome } from "./outcome";

interface Window {
  count: number;
  /** When this window ends (ms since the epoch): the next request after it starts a new one. */
  endsAt: number;
}

/** Windows that ended are dropped when the map has grown past this (and then past twice its size). */
const FIRST_SWEEP_AT = 1_024;

export class MemoryWindows {
  private readonly windows = new Map<string, Window>();
  private sweepAt = FIRST_SWEEP_AT;

  constructor(
    /** Requests allowed per window. */
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Windows held now, ended ones included until the next sweep. */
  get size(): number {
    return this.windows.size;
  }

  /** Counts one request of `subject` at `now`: allowed within the limit, limited beyond it. */
  count(subject: string, now: number): RateLimitOutcome {
    let window = this.windows.get(subject);
    if (window === undefined || window.endsAt <= now) {
      if (window === undefined && this.windows.size >= this.sweepAt) this.sweep(now);
      window = { count: 0, endsAt: now + this.windowMs };
      this.windows.set(subject, window);
    }
    window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    if (window.count > this.limit) return { kind: "limited", remaining: 0, resetSeconds };
    return { kind: "allowed", remaining: this.limit - window.count, resetSeconds };
  }

  /** Drops the windows that have ended, so subjects seen once do not stay in memory. */
  private sweep(now: number): void {
    for (const [subject, window] of this.windows) if (window.endsAt <= now) this.windows.delete(subject);
    this.sweepAt = Math.max(FIRST_SWEEP_AT, this.windows.size * 2);
  }
}

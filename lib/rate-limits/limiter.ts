// Counts a request against its rate limit: in this process's memory (lib/rate-limits/
// memory-windows.ts) on a single instance, in Redis (rate-limiter-flexible's RateLimiterRedis
// over the shared ioredis connection, lib/redis/connection.ts) when REDIS_URL is set, so every
// instance draws on one budget. Both count fixed windows that start at a subject's first
// request. Redis counts atomically (one Lua script per request), which is what holds a limit
// under requests arriving at several instances at once.
//
// Redis down: the connection has no offline queue and a short command timeout, so a command
// fails at once; the failure mode (KEYWARD_RATE_LIMIT_FAILURE) then decides: "open" lets the
// request through (one warning per outage), "closed" refuses it (lib/rate-limits/refusal.ts).
import type Redis from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env";
import { redisConnection } from "../redis/connection";
import { MemoryWindows } from "./memory-windows";
import { WINDOW_SECONDS, type AppliedRateLimit } from "./policy";

import type { RateLimitFailureMode, RateLimitOutcome } from "./outcome";

export type { RateLimitFailureMode, RateLimitOutcome } from "./outcome";

/** Where the counters of every rate-limit key live (prefixed by limit and window, then the subject). */
export const REDIS_KEY_PREFIX = "keyward:rl";

/** How long the first request after start waits for Redis's first connection (never again later). */
const FIRST_CONNECT_WAIT_MS = 1_000;

export class RateLimitCounter {
  /** The store of each limit and window seen ("limit:seconds"): memory windows, or a Redis limiter. */
  private readonly limiters = new Map<string, MemoryWindows | RateLimiterRedis>();
  /** Whether the store is failing: the warning is logged on the first failure of each outage. */
  private outage = false;
  /** The wait for Redis's first connection, shared by the requests that arrive during it. */
  private firstWait: Promise<void> | null = null;

  constructor(
    /** The Redis the counters live in; null: this process's memory. */
    readonly redis: Redis | null,
    readonly failMode: RateLimitFailureMode,
    private readonly log: (message: string) => void = (message) => console.warn(message),
  ) {}

  get store(): "memory" | "redis" {
    return this.redis ? "redis" : "memory";
  }

  /**
   * Counts one request of `applied.subject` and says whether it is within the limit: at once in
   * memory (this is on every verified request with a limit, and a cache hit then awaits
   * nothing), a promise when the count is Redis's.
   */
  consume(applied: AppliedRateLimit, now = Date.now()): RateLimitOutcome | Promise<RateLimitOutcome> {
    const limiter = this.limiterFor(applied);
    if (limiter instanceof MemoryWindows) return limiter.count(applied.subject, now);
    const redis = this.redis!;
    return this.firstConnection(redis)
      .then(() => limiter.consume(applied.subject, 1))
      .then(this.allowed, this.rejected);
  }

  private readonly allowed = (result: RateLimiterRes): RateLimitOutcome => {
    this.recovered();
    return { kind: "allowed", remaining: result.remainingPoints, resetSeconds: secondsOf(result.msBeforeNext) };
  };

  private readonly rejected = (rejection: unknown): RateLimitOutcome => {
    if (rejection instanceof RateLimiterRes) {
      this.recovered();
      return { kind: "limited", remaining: 0, resetSeconds: secondsOf(rejection.msBeforeNext) };
    }
    this.failed(rejection);
    return { kind: "unavailable", failMode: this.failMode };
  };

  /**
   * The limiter of each applied limit seen, by identity: the applied limit lives in the cached
   * credential record, so a cache hit finds its limiter without building the name again.
   */
  private readonly limiterOfApplied = new WeakMap<AppliedRateLimit, MemoryWindows | RateLimiterRedis>();

  private limiterFor(applied: AppliedRateLimit): MemoryWindows | RateLimiterRedis {
    let limiter = this.limiterOfApplied.get(applied);
    if (!limiter) {
      limiter = this.limiterNamed(applied);
      this.limiterOfApplied.set(applied, limiter);
    }
    return limiter;
  }

  private limiterNamed(applied: AppliedRateLimit): MemoryWindows | RateLimiterRedis {
    const duration = WINDOW_SECONDS[applied.window];
    const name = `${applied.limit}:${duration}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = this.redis
        ? new RateLimiterRedis({
            points: applied.limit,
            duration,
            keyPrefix: `${REDIS_KEY_PREFIX}:${name}`,
            storeClient: this.redis,
            rejectIfRedisNotReady: true,
          })
        : new MemoryWindows(applied.limit, duration * 1000);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  /**
   * A server's first requests may come while ioredis is still making its first connection: they
   * wait for it (together, at most FIRST_CONNECT_WAIT_MS, once per process), never later: a dead
   * Redis must not stall requests.
   */
  private async firstConnection(redis: Redis): Promise<void> {
    if (this.firstWait === null) {
      if (redis.status === "wait") void redis.connect().catch(() => {});
      this.firstWait = readyWithin(redis, FIRST_CONNECT_WAIT_MS);
    }
    await this.firstWait;
  }

  private failed(error: unknown): void {
    if (this.outage) return;
    this.outage = true;
    // The message of a Redis error names the command and the host, never a key or a secret.
    this.log(
      `Keyward rate limits: the counter store (Redis) does not answer (${(error as Error).message ?? String(error)}); ` +
        (this.failMode === "open"
          ? "requests are let through without counting until it is back (KEYWARD_RATE_LIMIT_FAILURE=open)."
          : "requests with a rate limit are refused with 503 until it is back (KEYWARD_RATE_LIMIT_FAILURE=closed)."),
    );
  }

  private recovered(): void {
    if (!this.outage) return;
    this.outage = false;
    this.log("Keyward rate limits: the counter store (Redis) answers again; limits are counted.");
  }
}

function secondsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Resolves once `redis` is ready, or after `ms` (the command then fails as Redis is down). */
export async function readyWithin(redis: Redis, ms: number): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.on("ready", done);
  });
}

// One counter per process, even if bundling gives route handlers their own copies of this module.
// Stryker disable next-line StringLiteral: any key shared by every copy of the module works
const KEY = Symbol.for("keyward.rate-limits.counter");

/** This process's counter: Redis when REDIS_URL is set, memory otherwise; the fail mode from the environment. */
export function rateLimitCounter(): RateLimitCounter {
  const global = globalThis as Record<symbol, unknown>;
  let counter = global[KEY] as RateLimitCounter | undefined;
  if (!counter) {
    const redis = redisConnection("commands");
    counter = new RateLimitCounter(redis, env().rateLimitFailure);
    global[KEY] = counter;
  }
  return counter;
}

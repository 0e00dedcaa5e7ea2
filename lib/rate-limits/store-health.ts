// The rate-limit counter store as GET /api/health reports it: where the counters live, whether
// Redis answers a PING (within the connection's short timeout) and the configured fail mode.
import { readyWithin, rateLimitCounter, type RateLimitCounter, type RateLimitFailureMode } from "./limiter";

export interface RateLimitStoreHealth {
  store: "memory" | "redis";
  /** null on the memory store, which cannot be down. */
  redis: "ok" | "unavailable" | null;
  failMode: RateLimitFailureMode;
}

export async function rateLimitStoreHealth(
  counter: RateLimitCounter = rateLimitCounter(),
): Promise<RateLimitStoreHealth> {
  const { redis, failMode, store } = counter;
  if (!redis) return { store, redis: null, failMode };
  try {
    // A fresh process may still be making its first connection: give it a moment, once.
    if (redis.status === "wait") void redis.connect().catch(() => {});
    await readyWithin(redis, 1_000);
    await redis.ping();
    return { store, redis: "ok", failMode };
  } catch {
    return { store, redis: "unavailable", failMode };
  }
}

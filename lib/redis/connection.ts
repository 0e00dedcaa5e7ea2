// The Redis connections of this process, one per purpose, made on first use from REDIS_URL
// (lib/env.ts). Commands (rate-limit counters) and subscriptions (revocation messages) need
// separate connections: a connection in subscriber mode can run no other command.
//
// A dead Redis must never stall an API request: no offline queue (a command fails at once
// while disconnected) and a short command timeout; ioredis keeps reconnecting in the background.
import Redis, { type RedisOptions } from "ioredis";
import { env } from "../env";

export type RedisPurpose = "commands" | "subscriber" | "publisher";

interface ConnectionState {
  connections: Map<string, Redis>;
}

// Stryker disable next-line StringLiteral: any key shared by every copy of the module works
const KEY = Symbol.for("keyward.redis.connections");
const state: ConnectionState = ((globalThis as Record<symbol, unknown>)[KEY] as ConnectionState | undefined) ?? {
  connections: new Map(),
};
(globalThis as Record<symbol, unknown>)[KEY] = state;

/** Options every connection shares; a purpose may add its own (a subscriber needs no timeout). */
const BASE_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1_000,
  commandTimeout: 250,
  // Back off to at most 2 s between reconnection attempts, forever.
  retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
};

/** Whether REDIS_URL is set: when not, every caller keeps its state in this process. */
export function redisConfigured(url: string | undefined = env().redisUrl): boolean {
  return url !== undefined;
}

/**
 * This process's connection for `purpose`, connecting on first use; null when REDIS_URL is unset.
 * `url` is for tests, which point at a Redis of their own.
 */
export function redisConnection(
  purpose: RedisPurpose,
  options: { url?: string; extra?: RedisOptions } = {},
): Redis | null {
  const url = options.url ?? env().redisUrl;
  if (url === undefined) return null;
  const key = `${purpose} ${url}`;
  let connection = state.connections.get(key);
  if (!connection) {
    connection = new Redis(url, { ...BASE_OPTIONS, ...options.extra });
    // Without a listener an unreachable Redis would crash the process ("Unhandled error event");
    // the callers report Redis's state themselves (GET /api/health).
    connection.on("error", () => {});
    state.connections.set(key, connection);
  }
  return connection;
}

/** Closes every connection (tests, and a server shutting down). */
export async function closeRedisConnections(): Promise<void> {
  const open = [...state.connections.values()];
  state.connections.clear();
  await Promise.allSettled(open.map((connection) => connection.quit()));
}

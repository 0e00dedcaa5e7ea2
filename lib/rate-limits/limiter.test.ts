// The counter on both stores: memory, and the real Redis on 127.0.0.1:6379 (two counters with
// connections of their own stand for two instances). Redis down: the fail mode, at once.
import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProtocolError } from "../http/protocol-error";
import { RateLimitCounter } from "./limiter";
import type { AppliedRateLimit } from "./policy";
import { enforceRateLimit, RATE_LIMITED } from "./refusal";
import { rateLimitStoreHealth } from "./store-health";

const REDIS_URL = "redis://127.0.0.1:6379";

/** Options as lib/redis/connection.ts gives every connection: no offline queue, a short timeout. */
function connect(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: 250,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  redis.on("error", () => {});
  return redis;
}

/** A subject no other run shares (the app's subjects start with the account's cuid). */
function subject(): string {
  return `test-${randomBytes(8).toString("hex")}:c:cred`;
}

function limit(value: number, window: AppliedRateLimit["window"] = "minute"): AppliedRateLimit {
  return { limit: value, window, subject: subject() };
}

async function allowedOf(counter: RateLimitCounter | RateLimitCounter[], applied: AppliedRateLimit, requests: number) {
  const counters = Array.isArray(counter) ? counter : [counter];
  const outcomes = await Promise.all(
    Array.from({ length: requests }, (_, index) => counters[index % counters.length]!.consume(applied)),
  );
  return outcomes.filter((outcome) => outcome.kind === "allowed").length;
}

describe("rate limits in memory", () => {
  it("lets exactly the limit through, counts down what remains, then refuses until the window resets", async () => {
    const counter = new RateLimitCounter(null, "open");
    const applied = limit(3);
    expect(await counter.consume(applied)).toEqual({ kind: "allowed", remaining: 2, resetSeconds: 60 });
    expect(await counter.consume(applied)).toMatchObject({ kind: "allowed", remaining: 1 });
    expect(await counter.consume(applied)).toMatchObject({ kind: "allowed", remaining: 0 });
    const refused = await counter.consume(applied);
    expect(refused).toMatchObject({ kind: "limited", remaining: 0 });
    expect(refused.kind === "limited" && refused.resetSeconds).toBeGreaterThanOrEqual(59);
    // Another credential has a budget of its own.
    expect(await counter.consume(limit(3))).toMatchObject({ kind: "allowed", remaining: 2 });
  });

  it("holds the limit for 50 requests at once", async () => {
    expect(await allowedOf(new RateLimitCounter(null, "open"), limit(10), 50)).toBe(10);
  });

  it("a per-second limit opens again after a second", async () => {
    const counter = new RateLimitCounter(null, "open");
    const applied = limit(1, "second");
    expect((await counter.consume(applied)).kind).toBe("allowed");
    expect((await counter.consume(applied)).kind).toBe("limited");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await counter.consume(applied)).kind).toBe("allowed");
  });

  it("a refusal is 429 with Retry-After, the RateLimit fields and the credential named for usage", async () => {
    const counter = new RateLimitCounter(null, "open");
    const applied = limit(1);
    const first = await enforceRateLimit("cred-1", applied, counter);
    expect(first).toEqual({
      headers: { "RateLimit-Policy": '"credential";q=1;w=60', RateLimit: '"credential";r=0;t=60' },
    });
    const refused = await enforceRateLimit("cred-1", applied, counter);
    if (!(refused instanceof ProtocolError)) throw new Error("expected a refusal");
    expect(refused.status).toBe(429);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(refused.headers).toMatchObject({ "RateLimit-Policy": '"credential";q=1;w=60' });
    expect(refused.headers?.RateLimit).toMatch(/^"credential";r=0;t=(59|60)$/);
    expect(refused.refused).toEqual({ credentialId: "cred-1", reason: RATE_LIMITED });
  });

  it("health says memory, with no Redis to ask", async () => {
    expect(await rateLimitStoreHealth(new RateLimitCounter(null, "closed"))).toEqual({
      store: "memory",
      redis: null,
      failMode: "closed",
    });
  });
});

describe("rate limits in Redis (127.0.0.1:6379)", () => {
  const connections: Redis[] = [];
  const counterOn = (url: string, failMode: "open" | "closed", log?: (message: string) => void) => {
    const redis = connect(url);
    connections.push(redis);
    return new RateLimitCounter(redis, failMode, log);
  };
  afterAll(async () => {
    await Promise.allSettled(connections.map((redis) => redis.quit()));
  });

  it("two instances share one budget: 60 requests at once, split over both, let exactly the limit through", async () => {
    const a = counterOn(REDIS_URL, "open");
    const b = counterOn(REDIS_URL, "open");
    expect(await allowedOf([a, b], limit(17), 60)).toBe(17);
  });

  it("counts down across instances and gives the window's reset", async () => {
    const a = counterOn(REDIS_URL, "open");
    const b = counterOn(REDIS_URL, "open");
    const applied = limit(2, "hour");
    expect(await a.consume(applied)).toMatchObject({ kind: "allowed", remaining: 1 });
    expect(await b.consume(applied)).toMatchObject({ kind: "allowed", remaining: 0, resetSeconds: 3600 });
    expect(await a.consume(applied)).toMatchObject({ kind: "limited" });
  });

  it("keeps its counters under keyward:rl, expiring with the window", async () => {
    const counter = counterOn(REDIS_URL, "open");
    const applied = limit(5);
    await counter.consume(applied);
    const key = `keyward:rl:5:60:${applied.subject}`;
    const ttl = await counter.redis!.pttl(key);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await counter.redis!.get(key)).toBe("1");
    expect(await rateLimitStoreHealth(counter)).toEqual({ store: "redis", redis: "ok", failMode: "open" });
  });

  describe("when Redis does not answer", () => {
    // A port that accepts connections and never answers, and one where nothing listens.
    let silent: Server;
    const sockets: Socket[] = [];
    let silentUrl: string;
    let deadUrl: string;
    beforeAll(async () => {
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      silentUrl = `redis://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
      deadUrl = `redis://127.0.0.1:${(probe.address() as { port: number }).port}`;
      await new Promise((resolve) => probe.close(resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it("fails open at once: every request allowed, one warning for the outage, policy header only", async () => {
      const warnings: string[] = [];
      const counter = counterOn(deadUrl, "open", (message) => warnings.push(message));
      const applied = limit(1);
      const started = Date.now();
      for (let i = 0; i < 5; i++)
        expect(await counter.consume(applied)).toEqual({ kind: "unavailable", failMode: "open" });
      // The first waits at most the first-connection allowance; none waits seconds.
      expect(Date.now() - started).toBeLessThan(1_500);
      const later = Date.now();
      expect(await enforceRateLimit("cred-2", applied, counter)).toEqual({
        headers: { "RateLimit-Policy": '"credential";q=1;w=60' },
      });
      expect(Date.now() - later).toBeLessThan(300);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/does not answer.*let through/);
      expect(await rateLimitStoreHealth(counter)).toEqual({ store: "redis", redis: "unavailable", failMode: "open" });
    });

    it("fails closed with 503 and Retry-After, within the command timeout on a Redis that hangs", async () => {
      const counter = counterOn(silentUrl, "closed", () => {});
      const started = Date.now();
      const refused = await enforceRateLimit("cred-3", limit(100), counter);
      expect(Date.now() - started).toBeLessThan(2_500);
      if (!(refused instanceof ProtocolError)) throw new Error("expected a refusal");
      expect(refused.status).toBe(503);
      expect(refused.code).toBe("temporarily_unavailable");
      expect(refused.retryAfterSeconds).toBe(5);
      expect(refused.refused).toEqual({ credentialId: "cred-3", reason: RATE_LIMITED });
    });
  });
});

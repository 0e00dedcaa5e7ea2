// The change channel between instances: one channel in this process stands for another
// instance (it publishes, and its cache hooks are off), the other is this process's own.
// Over PostgreSQL LISTEN/NOTIFY (a real database of the test's own) and over Redis pub/sub
// (the Redis on 127.0.0.1:6379); a channel that cannot connect leaves the 750 ms lifetime.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Client } from "pg";
import { closeRedisConnections } from "../redis/connection";
import { createPostgresDatabase, isPostgresAvailable } from "@/test/databases";
import {
  CACHE_TTL_MS,
  CONNECTED_CACHE_TTL_MS,
  cacheLifetime,
  cachedLookup,
  cacheSizes,
  invalidateCredentialCache,
} from "./cache";
import { CHANGE_CHANNEL, openChangeChannel, type ChangeChannel, type ChannelTarget } from "./change-channel";
import type { CredentialRecord } from "./record";

const REDIS_URL = "redis://127.0.0.1:6379";

async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return Date.now() - started;
}

const record = (id: string) => ({ id }) as unknown as CredentialRecord;

/** A loader counting its reads: a second read means the cache forgot the entry. */
function loader(result: CredentialRecord | null) {
  const load = async () => {
    load.reads += 1;
    return result;
  };
  load.reads = 0;
  return load;
}

async function redisAnswers(): Promise<boolean> {
  const { default: Redis } = await import("ioredis");
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0 });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A message as an instance of another version would publish it, straight on the transport. */
async function publishRaw(target: ChannelTarget, payload: string): Promise<void> {
  if (target.redisUrl) {
    const { default: Redis } = await import("ioredis");
    const publisher = new Redis(target.redisUrl);
    try {
      await publisher.publish(CHANGE_CHANNEL, payload);
    } finally {
      publisher.disconnect();
    }
    return;
  }
  const client = new Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, payload]);
  } finally {
    await client.end();
  }
}

function channelSuite(name: string, target: () => Promise<ChannelTarget | null>) {
  describe(name, () => {
    let ownTarget: ChannelTarget | null = null;
    let ours: ChangeChannel | null = null;
    let theirs: ChangeChannel | null = null;

    beforeAll(async () => {
      ownTarget = await target();
    });

    beforeEach(async (context) => {
      // No transport here: PostgreSQL not running (LISTEN/NOTIFY) or Redis not answering (pub/sub).
      if (!ownTarget) context.skip();
      invalidateCredentialCache();
      ours = openChangeChannel(ownTarget!);
      // The other instance: its own connections (Redis: another database number, which
      // pub/sub ignores), its own origin, and no hold on this process's cache.
      theirs = openChangeChannel(
        ownTarget!.redisUrl ? { ...ownTarget!, redisUrl: `${ownTarget!.redisUrl}/1` } : ownTarget!,
        { hookCache: false },
      );
      await until(() => ours!.up() && theirs!.up(), 10_000);
    });

    afterEach(async () => {
      await ours?.stop();
      await theirs?.stop();
      ours = theirs = null;
    });

    it("lets entries live for minutes only while its heartbeat comes back", async () => {
      expect(cacheLifetime()).toBe(CONNECTED_CACHE_TTL_MS);
      await ours!.stop();
      expect(cacheLifetime()).toBe(CACHE_TTL_MS);
    });

    it("drops this process's cached credential within 100 ms of a change published elsewhere", async () => {
      const gaps: number[] = [];
      for (let round = 0; round < 5; round += 1) {
        const load = loader(record(`c${round}`));
        await cachedLookup(`hash-${round}`, load);
        await cachedLookup(`hash-${round}`, load);
        expect(load.reads).toBe(1);
        const published = theirs!.publish("changed");
        const gap = await until(() => cacheSizes().known === 0, 1_000);
        await published;
        await cachedLookup(`hash-${round}`, load);
        expect(load.reads).toBe(2);
        gaps.push(gap);
      }
      console.log(`${name}: cache dropped ${gaps.join(", ")} ms after the publication`);
      for (const gap of gaps) expect(gap).toBeLessThan(100);
    });

    it("forgets unknown secrets, but keeps known credentials, when another instance issues one", async () => {
      const known = loader(record("known"));
      const unknown = loader(null);
      await cachedLookup("known", known);
      await cachedLookup("unknown", unknown);
      expect(cacheSizes()).toEqual({ known: 1, unknown: 1 });
      await theirs!.publish("issued");
      await until(() => cacheSizes().unknown === 0, 1_000);
      await cachedLookup("known", known);
      await cachedLookup("unknown", unknown);
      expect(known.reads).toBe(1);
      expect(unknown.reads).toBe(2);
    });

    it("still acts on a change from an instance that sends no publication time (an earlier version)", async () => {
      const load = loader(record("old"));
      await cachedLookup("old", load);
      await publishRaw(ownTarget!, JSON.stringify({ origin: "an-earlier-version", change: "changed" }));
      await until(() => cacheSizes().known === 0, 1_000);
    });

    it("logs each change heard, with its delay after publication, when KEYWARD_LOG_CREDENTIAL_CHANGES asks", async () => {
      const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
      const logging = openChangeChannel(
        {
          ...(ownTarget!.redisUrl ? { ...ownTarget!, redisUrl: `${ownTarget!.redisUrl}/3` } : ownTarget!),
          logChanges: true,
        },
        { hookCache: false },
      );
      try {
        await until(() => logging!.up(), 10_000);
        const before = Date.now();
        await theirs!.publish("changed");
        await until(() => log.mock.calls.some(([line]) => String(line).includes("heard")), 1_000);
        const line = String(log.mock.calls.find(([text]) => String(text).includes("heard"))![0]);
        const match =
          /^Keyward: credential change "changed" heard over (postgresql|redis) (\d+) ms after it was published; cache dropped at (\d+), published at (\d+)$/.exec(
            line,
          );
        expect(match, line).not.toBeNull();
        const [, , delay, droppedAt, publishedAt] = match!;
        expect(Number(droppedAt) - Number(publishedAt)).toBe(Number(delay));
        expect(Number(publishedAt)).toBeGreaterThanOrEqual(before);
        expect(Number(delay)).toBeLessThan(100);
        // Its own heartbeats, and the channels that do not ask, log nothing.
        expect(log.mock.calls.filter(([text]) => String(text).includes("heard"))).toHaveLength(1);
      } finally {
        log.mockRestore();
        await logging?.stop();
      }
    });

    it("tells the other instances of a change made here", async () => {
      const heard: string[] = [];
      const listening = openChangeChannel(
        ownTarget!.redisUrl ? { ...ownTarget!, redisUrl: `${ownTarget!.redisUrl}/2` } : ownTarget!,
        { hookCache: false, onChange: (change) => heard.push(change) },
      );
      try {
        await until(() => listening!.up(), 10_000);
        invalidateCredentialCache();
        await until(() => heard.includes("changed"), 1_000);
      } finally {
        await listening?.stop();
      }
    });
  });
}

describe("credential change channel", () => {
  afterAll(async () => {
    await closeRedisConnections();
  });

  let dropDatabase: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await dropDatabase?.();
  });

  channelSuite("over PostgreSQL LISTEN/NOTIFY", async () => {
    if (!(await isPostgresAvailable())) return null;
    const created = await createPostgresDatabase();
    dropDatabase = created.drop;
    return { databaseKind: "postgresql", databaseUrl: created.url, redisUrl: undefined };
  });

  channelSuite("over Redis pub/sub", async () => {
    if (!(await redisAnswers())) {
      if (process.env.CI) throw new Error(`Redis is required in CI but ${REDIS_URL} does not answer`);
      return null;
    }
    return { databaseKind: "sqlite", databaseUrl: "file:unused.db", redisUrl: REDIS_URL };
  });

  it("is not opened on SQLite without Redis and without the app's client to watch the file through", () => {
    expect(
      openChangeChannel({ databaseKind: "sqlite", databaseUrl: "file:unused.db", redisUrl: undefined }),
    ).toBeNull();
    expect(cacheLifetime()).toBe(CACHE_TTL_MS);
  });

  it("keeps the 750 ms lifetime while Redis cannot be reached", async () => {
    const channel = openChangeChannel({
      databaseKind: "sqlite",
      databaseUrl: "file:unused.db",
      redisUrl: "redis://127.0.0.1:1",
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(channel!.up()).toBe(false);
      expect(cacheLifetime()).toBe(CACHE_TTL_MS);
    } finally {
      await channel!.stop();
    }
  });
});

// Instant revocation on every instance: each change that can make a credential unusable is
// published, and every instance that hears it drops its cached look-ups (./cache.ts). Over
// Redis pub/sub when REDIS_URL is set, otherwise over PostgreSQL LISTEN/NOTIFY on a
// PostgreSQL database; on SQLite without Redis, the file itself (./commit-watch.ts).
//
// Whether the channel works is not taken from the connection's word: each instance publishes
// a heartbeat every HEARTBEAT_MS and counts the channel up only while its own heartbeats come
// back. Only then may cached entries live for minutes; otherwise (a lost connection, a
// subscriber stalled, Redis down) the cache falls back to its 750 ms lifetime, and when the
// heartbeat returns the cache is cleared, since changes may have been missed meanwhile.
// Connections are remade on loss (ioredis reconnects itself; the pg listener is rebuilt).
import { randomUUID } from "node:crypto";
import { Client, Pool } from "pg";
import type Redis from "ioredis";
import { z } from "zod";
import { env, type DatabaseKind } from "../env";
import { db, type Db } from "../db";
import { redisConnection } from "../redis/connection";
import {
  connectCacheToChannel,
  forgetCredentials,
  instantInvalidation,
  setInstantInvalidation,
  type CredentialChange,
} from "./cache";
import { watchSqliteCommits } from "./commit-watch";

/** The PostgreSQL channel and the Redis channel have one name. */
export const CHANGE_CHANNEL = "keyward_credential_changes";
export const HEARTBEAT_MS = 1_000;
/** The channel counts as down when this process's last heartbeat came back longer ago. */
export const HEARTBEAT_DEADLINE_MS = 3_500;
const RECONNECT_MAX_MS = 2_000;
const PUBLISH_ATTEMPTS = 5;

/** sentAt: the publisher's clock (ms) when it published, for the delay KEYWARD_LOG_CREDENTIAL_CHANGES logs. */
type Message = { origin: string; change: CredentialChange | "heartbeat"; sentAt?: number };

interface Transport {
  name: "redis" | "postgresql";
  publish(payload: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ChangeChannel {
  transport: "redis" | "postgresql" | "sqlite";
  /** Whether this instance's heartbeats come back: other instances' changes reach it at once. */
  up(): boolean;
  /** Tells the other instances of a change (invalidateCredentialCache does this through the cache's hook). */
  publish(change: CredentialChange): Promise<void>;
  stop(): Promise<void>;
}

export interface ChannelTarget {
  databaseKind: DatabaseKind;
  databaseUrl: string;
  redisUrl: string | undefined;
  /** Log every change heard from another instance, with how long after its publication (operations, tests). */
  logChanges?: boolean;
  /** SQLite without Redis: the app's client, whose connection tells when another process committed. */
  database?: Db;
}

const KEY = Symbol.for("keyward.credentials.change-channel");
type Global = Record<symbol, ChangeChannel | undefined>;

/** The process's channel, started once (instrumentation.ts); null when there is nothing to share. */
export function startChangeChannel(target: ChannelTarget): ChangeChannel | null {
  const global = globalThis as Global;
  const running = global[KEY];
  if (running) return running;
  const channel = openChangeChannel(target);
  if (channel) global[KEY] = channel;
  return channel;
}

export type InstantRevocationState = "up" | "down" | "off";

/** Whether this process's channel carries other instances' changes now (GET /api/health). */
export function instantRevocationState(): InstantRevocationState {
  const channel = (globalThis as Global)[KEY];
  return channel ? (channel.up() ? "up" : "down") : "off";
}

/** The server's channel, from DATABASE_URL and REDIS_URL. */
export async function startChangeChannelFromEnv(): Promise<ChangeChannel | null> {
  const e = env();
  return startChangeChannel({
    databaseKind: e.databaseKind,
    databaseUrl: e.databaseUrl,
    redisUrl: e.redisUrl,
    logChanges: e.logCredentialChanges,
    database: e.databaseKind === "sqlite" && e.redisUrl === undefined ? await db() : undefined,
  });
}

const messageSchema = z.object({
  origin: z.string().min(1),
  change: z.enum(["changed", "issued", "heartbeat"]),
  // Optional: an instance of an earlier version publishes none, and its changes still count.
  sentAt: z.number().int().nonnegative().optional(),
});

function parse(payload: string | undefined): Message | null {
  let json: unknown;
  try {
    json = JSON.parse(payload ?? "");
  } catch {
    // Not JSON: someone else's message on our channel name, not ours to act on.
    return null;
  }
  const parsed = messageSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * Opens a channel of its own (tests open two in one process to stand for two instances);
 * the app uses startChangeChannel. `onChange` runs for every change another origin published.
 */
export function openChangeChannel(
  target: ChannelTarget,
  options: { onChange?: (change: CredentialChange) => void; hookCache?: boolean } = {},
): ChangeChannel | null {
  if (target.redisUrl === undefined && target.databaseKind === "sqlite")
    return target.database ? watchSqliteCommits(target.database) : null;
  const origin = randomUUID();
  const hookCache = options.hookCache ?? true;
  let lastHeartbeatBack = 0;
  let isUp = false;

  let stopped = false;

  const receive = (payload: string | undefined) => {
    // A heartbeat still in flight while stop() closes the connection must not count the
    // channel up again (and turn minutes-long cache entries back on) after it stopped.
    if (stopped) return;
    const message = parse(payload);
    if (!message) return;
    if (message.origin === origin) {
      if (message.change === "heartbeat") {
        lastHeartbeatBack = Date.now();
        if (!isUp) {
          isUp = true;
          // Changes published while the channel was down never arrived: start afresh.
          if (hookCache) {
            forgetCredentials("changed");
            setInstantInvalidation(true);
          }
        }
      }
      return;
    }
    if (message.change === "heartbeat") return;
    if (hookCache) forgetCredentials(message.change);
    options.onChange?.(message.change);
    if (target.logChanges) logHeard(transport?.name, message);
  };

  const transport: Transport | null =
    target.redisUrl !== undefined
      ? redisTransport(target.redisUrl, receive)
      : target.databaseKind === "postgresql"
        ? postgresTransport(target.databaseUrl, receive)
        : null;
  if (!transport) return null;

  const publish = async (message: Message) => {
    const payload = JSON.stringify({ ...message, sentAt: Date.now() });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await transport.publish(payload);
        return;
      } catch (error) {
        if (message.change === "heartbeat" || attempt >= PUBLISH_ATTEMPTS) {
          if (message.change !== "heartbeat")
            console.error(`Keyward: could not publish a credential change: ${(error as Error).message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, attempt * 100));
      }
    }
  };

  const beat = () => {
    if (isUp && Date.now() - lastHeartbeatBack > HEARTBEAT_DEADLINE_MS) {
      isUp = false;
      if (hookCache) setInstantInvalidation(false);
    }
    void publish({ origin, change: "heartbeat" });
  };
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  beat();

  if (hookCache) connectCacheToChannel((change) => void publish({ origin, change }));

  const channel: ChangeChannel = {
    transport: transport.name,
    up: () => isUp && (!hookCache || instantInvalidation()),
    publish: (change) => publish({ origin, change }),
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (hookCache) connectCacheToChannel(null);
      isUp = false;
      const global = globalThis as Global;
      if (global[KEY] === channel) global[KEY] = undefined;
      await transport.stop();
    },
  };
  return channel;
}

/**
 * One line per change heard, with the delay from its publication on the other instance (after
 * its commit) to this instance dropping its cached look-ups. The delay is only as good as the two
 * machines' clocks agree; on one machine (e2e/instances.spec.ts) it is exact.
 */
function logHeard(transport: Transport["name"] | undefined, message: Message): void {
  const heardAt = Date.now();
  const over = transport ?? "the change channel";
  console.log(
    message.sentAt === undefined
      ? `Keyward: credential change "${message.change}" heard over ${over}; cache dropped at ${heardAt}`
      : `Keyward: credential change "${message.change}" heard over ${over} ${heardAt - message.sentAt} ms after it was published; cache dropped at ${heardAt}, published at ${message.sentAt}`,
  );
}

function redisTransport(url: string, receive: (payload: string) => void): Transport {
  // The subscriber needs its own connection (one in subscriber mode runs no other command);
  // a subscription stays open however long the wait for a message, so no command timeout.
  const subscriber = redisConnection("subscriber", { url, extra: { commandTimeout: undefined } })!;
  const publisher = redisConnection("publisher", { url })!;
  const subscribe = () => {
    subscriber.subscribe(CHANGE_CHANNEL).catch(() => {
      // Not ready yet or lost again: the next "ready" subscribes (the heartbeat shows it).
    });
  };
  const onMessage = (channel: string, payload: string) => {
    if (channel === CHANGE_CHANNEL) receive(payload);
  };
  subscriber.on("message", onMessage);
  subscriber.on("ready", subscribe);
  if (subscriber.status === "ready") subscribe();
  return {
    name: "redis",
    publish: async (payload) => {
      await (publisher as Redis).publish(CHANGE_CHANNEL, payload);
    },
    stop: async () => {
      subscriber.off("message", onMessage);
      subscriber.off("ready", subscribe);
      await subscriber.unsubscribe(CHANGE_CHANNEL).catch(() => undefined);
    },
  };
}

function postgresTransport(connectionString: string, receive: (payload: string | undefined) => void): Transport {
  // NOTIFY is sent after the change committed, from a small pool of its own (the app's Prisma
  // pool may be busy); LISTEN holds one dedicated connection, rebuilt whenever it is lost.
  const pool = new Pool({ connectionString, max: 1, idleTimeoutMillis: 30_000 });
  pool.on("error", () => {
    // An idle pooled connection died; the pool makes another on the next NOTIFY.
  });
  let listener: Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let attempts = 0;

  const reconnectLater = () => {
    if (stopped || retry) return;
    attempts += 1;
    retry = setTimeout(
      () => {
        retry = null;
        void listen();
      },
      Math.min(attempts * 100, RECONNECT_MAX_MS),
    );
    retry.unref();
  };

  const listen = async () => {
    const client = new Client({ connectionString, keepAlive: true });
    listener = client;
    let lost = false;
    const onLoss = () => {
      if (lost) return;
      lost = true;
      client.removeAllListeners("notification");
      void client.end().catch(() => undefined);
      if (listener === client) listener = null;
      reconnectLater();
    };
    client.on("error", onLoss);
    client.on("end", onLoss);
    client.on("notification", (notification) => {
      if (notification.channel === CHANGE_CHANNEL) receive(notification.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      attempts = 0;
      if (stopped) await client.end();
    } catch {
      onLoss();
    }
  };
  void listen();

  return {
    name: "postgresql",
    publish: async (payload) => {
      await pool.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, payload]);
    },
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const client = listener;
      listener = null;
      client?.removeAllListeners("end");
      client?.removeAllListeners("error");
      client?.on("error", () => undefined);
      await Promise.allSettled([client?.end(), pool.end()]);
    },
  };
}

// The workers that empty the webhook outbox.
// - PostgreSQL (several instances): pg-boss, in its own schema, shares the work. Each instance's
//   relay queues the due deliveries as jobs (singletonKey: the delivery and its attempt count, so
//   the same attempt is queued once however many relays see it) and pg-boss hands each job to
//   one worker; attemptDelivery's conditional claim makes an attempt that was queued twice
//   (one job finishing as another relay reads the row) a no-op. No lock of our own.
// - SQLite (one instance): an in-process loop over the due deliveries.
// Retries follow the delivery's own schedule (nextAttemptAt, lib/webhooks/backoff.ts), the same
// on both databases, so pg-boss's retries are off.
import PgBoss from "pg-boss";
import type { Db } from "../db";
import { attemptDelivery, dueDeliveries, type AttemptOptions } from "./deliveries";

export const DELIVERY_QUEUE = "webhook-delivery";
export const PG_BOSS_SCHEMA = "pgboss";

export interface WebhookWorker {
  stop(): Promise<void>;
}

export interface WorkerOptions extends Omit<AttemptOptions, "now"> {
  pollMs: number;
  /** Attempts made at once by one worker; receivers are slow, the database is not. */
  concurrency?: number;
}

interface DeliveryJob {
  deliveryId: string;
  attempts: number;
}

function logFailure(what: string, error: unknown): void {
  console.error(`Keyward webhooks: ${what} failed: ${(error as Error).message}`);
}

/** A loop that runs `tick` every `pollMs`, never twice at once, until stopped. */
function pollLoop(pollMs: number, tick: () => Promise<void>): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((error: unknown) => logFailure("a poll", error))
      .finally(() => {
        running = null;
      });
  }, pollMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

export function startSqliteWorker(db: Db, options: WorkerOptions): WebhookWorker {
  return pollLoop(options.pollMs, async () => {
    const due = await dueDeliveries(db);
    await inBatches(due, options.concurrency ?? 4, (delivery) =>
      attemptDelivery(db, delivery.id, delivery.attempts, options).catch((error: unknown) =>
        logFailure("a delivery", error),
      ),
    );
  });
}

export async function startPgBossWorker(
  db: Db,
  connectionString: string,
  options: WorkerOptions,
): Promise<WebhookWorker> {
  const boss = new PgBoss({ connectionString, schema: PG_BOSS_SCHEMA, max: 4, application_name: "keyward-webhooks" });
  boss.on("error", (error) => logFailure("pg-boss", error));
  await boss.start();
  // Every instance creates the queue at start; the first wins and the others find it there.
  if (!(await boss.getQueue(DELIVERY_QUEUE))) {
    await boss
      .createQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, policy: "stately" })
      .catch(async (error: unknown) => {
        if (!(await boss.getQueue(DELIVERY_QUEUE))) throw error;
      });
  }
  await boss.work<DeliveryJob>(
    DELIVERY_QUEUE,
    { batchSize: options.concurrency ?? 4, pollingIntervalSeconds: Math.max(0.5, options.pollMs / 1000) },
    async (jobs) => {
      await Promise.all(jobs.map((job) => attemptDelivery(db, job.data.deliveryId, job.data.attempts, options)));
    },
  );
  const relay = pollLoop(options.pollMs, async () => {
    for (const delivery of await dueDeliveries(db, new Date(), 100)) {
      await boss.send(
        DELIVERY_QUEUE,
        { deliveryId: delivery.id, attempts: delivery.attempts } satisfies DeliveryJob,
        // A job outlives no attempt (10 s timeout); an expired one is simply queued again.
        { singletonKey: `${delivery.id}:${delivery.attempts}`, retryLimit: 0, expireInSeconds: 60 },
      );
    }
  });
  return {
    async stop() {
      await relay.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };
}

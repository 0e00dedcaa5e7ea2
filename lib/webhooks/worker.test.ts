// The workers as a server runs them: the in-process loop on SQLite, and on PostgreSQL two
// pg-boss instances (two "servers", each with its own database client) sharing one outbox.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { startReceiver, type TestReceiver } from "@/test/webhook-receiver";
import { sendTestEvent } from "./deliveries";
import { createEndpoint, type WebhookAdmin } from "./endpoints";
import { startPgBossWorker, startSqliteWorker, type WebhookWorker } from "./worker";

const context = { ip: null, userAgent: "vitest" };
const options = { rules: { allowLoopback: true, allowPrivate: false }, retryBaseMs: 50, pollMs: 100 };

/** Waits (bounded) until no delivery is pending; the assertions that follow say what happened. */
async function settled(db: Db, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if ((await db.webhookDelivery.count({ where: { status: "pending" } })) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeEachDatabase("webhook workers", (get) => {
  let receiver: TestReceiver;
  let admin: WebhookAdmin;
  const workers: WebhookWorker[] = [];
  const clients: Db[] = [];

  beforeAll(async () => {
    const { db } = get();
    const accountId = await createAccount(db, "Worker Network");
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    for (const client of clients) await client.$disconnect();
    await receiver.close();
  });

  it("delivers every event exactly once, verified, retrying a receiver that fails three times first", async () => {
    const database = get();
    const { db } = database;
    const { endpoint, secret } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.created"] },
      options.rules,
      context,
    );
    receiver.secrets = [secret];
    // The first three requests fail (whichever events they carry); every event must still arrive.
    receiver.respond = (index) => (index < 3 ? 500 : 200);
    const EVENTS = 30;
    for (let i = 0; i < EVENTS; i++) await sendTestEvent(db, admin, endpoint.id, context);

    if (database.kind === "postgresql") {
      // Two instances, each with its own client and its own pg-boss, racing for the same rows.
      for (let i = 0; i < 2; i++) {
        const client = await createDb({ kind: "postgresql", url: database.url });
        clients.push(client);
        workers.push(await startPgBossWorker(client, database.url, options));
      }
    } else {
      workers.push(startSqliteWorker(db, options));
    }
    await settled(db);

    const deliveries = await db.webhookDelivery.findMany({
      where: { endpointId: endpoint.id },
      include: { attemptLog: true },
    });
    expect(deliveries).toHaveLength(EVENTS);
    expect(deliveries.every((delivery) => delivery.status === "succeeded")).toBe(true);
    // Exactly one successful attempt per delivery, and the receiver saw each event succeed once.
    for (const delivery of deliveries)
      expect(delivery.attemptLog.filter((attempt) => attempt.succeeded)).toHaveLength(1);
    const succeededIds = receiver.received.slice(3).map((request) => request.id);
    expect(succeededIds).toHaveLength(EVENTS);
    expect(new Set(succeededIds).size).toBe(EVENTS);
    expect(receiver.received).toHaveLength(EVENTS + 3);
    expect(receiver.received.every((request) => request.verifiedWith === 0)).toBe(true);
    // Attempt numbers are unique per delivery (the claim), so no attempt was sent twice.
    const attempts = deliveries.flatMap((delivery) =>
      delivery.attemptLog.map((attempt) => `${delivery.id}:${attempt.attempt}`),
    );
    expect(new Set(attempts).size).toBe(attempts.length);
  });
});

import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { NO_REQUEST, recordAudit, type RequestContext } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { createPersonalCredential, revokePersonalCredential } from "@/lib/credentials/personal-credentials";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { startReceiver, type TestReceiver } from "@/test/webhook-receiver";
import type { AddressRules } from "./address-rules";
import { attemptDelivery, deliveryLog, dueDeliveries, resendDelivery, sendTestEvent } from "./deliveries";
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  rotateSigningSecret,
  updateEndpoint,
  type WebhookAdmin,
} from "./endpoints";
import { WebhookError } from "./errors";
import { deleteClient, registerClient } from "@/lib/oauth/clients";
import { purgeWebhookEvents } from "@/lib/retention/tasks/webhook-events";
import { runNoticeSweep } from "@/lib/notices/sweep";

const context: RequestContext = { ip: "203.0.113.7", userAgent: "vitest" };
const LOOPBACK_RULES: AddressRules = { allowLoopback: true, allowPrivate: false };
const attemptOptions = { rules: LOOPBACK_RULES, retryBaseMs: 1_000, random: () => 0.5 };

/** Makes every due attempt of every pending delivery once, as a worker's poll would. */
async function drain(db: Db, now = new Date()): Promise<void> {
  for (const delivery of await dueDeliveries(db, now))
    await attemptDelivery(db, delivery.id, delivery.attempts, { ...attemptOptions, now });
}

describeEachDatabase("signed webhooks", (get) => {
  let accountId: string;
  let admin: WebhookAdmin;
  let owner: { id: string; email: string; accountId: string };
  let receiver: TestReceiver;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db, "Webhook Network");
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    owner = { ...(await createTestUser(db, accountId, { role: "network_user" })), accountId };
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });
  // Each test starts with no endpoint (and so no pending delivery) and a receiver that says 204.
  afterEach(async () => {
    await get().db.webhookEndpoint.deleteMany({ where: { accountId } });
    receiver.received.length = 0;
    receiver.respond = () => undefined;
    receiver.clock = undefined;
  });

  it("writes no event while no endpoint subscribes, and one delivery per subscribed endpoint after", async () => {
    const { db } = get();
    const created = await createPersonalCredential(db, owner, { description: "Before any endpoint" }, context);
    if (!("created" in created)) throw new Error("expected a credential");
    expect(await db.webhookEvent.count({ where: { accountId } })).toBe(0);

    const a = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.created", "credential.revoked"] },
      LOOPBACK_RULES,
      context,
    );
    const b = await createEndpoint(
      db,
      admin,
      { url: `${receiver.url}?b=1`, events: ["credential.created"] },
      LOOPBACK_RULES,
      context,
    );
    const c = await createEndpoint(
      db,
      admin,
      { url: `${receiver.url}?c=1`, events: ["oauth_app.registered"] },
      LOOPBACK_RULES,
      context,
    );
    expect(a.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    // The secret is stored encrypted, never as typed.
    const stored = JSON.stringify(await db.webhookEndpoint.findMany());
    expect(stored).not.toContain(a.secret.slice(6));

    const second = await createPersonalCredential(db, owner, { description: "Nightly export" }, context);
    if (!("created" in second)) throw new Error("expected a credential");
    const events = await db.webhookEvent.findMany({ where: { accountId }, include: { deliveries: true } });
    expect(events).toHaveLength(1);
    expect(events[0]!.deliveries.map((d) => d.endpointId).sort()).toEqual([a.endpoint.id, b.endpoint.id].sort());
    const payload = JSON.parse(events[0]!.payload) as { type: string; data: { credential: Record<string, unknown> } };
    expect(payload.type).toBe("credential.created");
    expect(payload.data.credential).toMatchObject({
      id: second.created.id,
      name: "Nightly export",
      hint: second.created.hint,
      status: "active",
      user: { id: owner.id, email: owner.email },
    });
    // Never the secret, in any form.
    expect(events[0]!.payload).not.toContain(second.created.secret);

    await revokePersonalCredential(db, owner, second.created.id, context);
    const revoked = await db.webhookEvent.findFirstOrThrow({
      where: { accountId, type: "credential.revoked" },
      include: { deliveries: true },
    });
    expect(revoked.deliveries.map((d) => d.endpointId)).toEqual([a.endpoint.id]);

    for (const endpoint of [a, b, c]) await deleteEndpoint(db, admin, endpoint.endpoint.id, context);
    expect(await db.webhookDelivery.count({ where: { event: { accountId } } })).toBe(0);
  });

  it("a change rolled back leaves no event and no delivery (the outbox shares its transaction)", async () => {
    const { db } = get();
    const { endpoint } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.deleted"] },
      LOOPBACK_RULES,
      context,
    );
    const before = await db.webhookEvent.count();
    await expect(
      db.$transaction(async (tx) => {
        await recordAudit(tx, {
          actor: { id: admin.id, label: admin.email, accountId },
          action: "credential.deleted",
          target: { type: "pat", id: "gone", label: "kw_pat_…abcd" },
          context: NO_REQUEST,
        });
        expect(await tx.webhookEvent.count()).toBe(before + 1);
        throw new Error("the change fails after its audit row");
      }),
    ).rejects.toThrow("the change fails");
    expect(await db.webhookEvent.count()).toBe(before);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    await deleteEndpoint(db, admin, endpoint.id, context);
  });

  it("a receiver that fails three times then succeeds gets exactly one successful delivery, every request verified", async () => {
    const { db } = get();
    receiver.received.length = 0;
    const { endpoint, secret } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.created"] },
      LOOPBACK_RULES,
      context,
    );
    receiver.secrets = [secret];
    receiver.respond = (index) => (index < 3 ? 503 : 200);
    const created = await createPersonalCredential(db, owner, { description: "Flaky receiver" }, context);
    if (!("created" in created)) throw new Error("expected a credential");

    let now = new Date();
    receiver.clock = () => now.getTime();
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const due = await dueDeliveries(db, now);
      for (const delivery of due)
        outcomes.push(await attemptDelivery(db, delivery.id, delivery.attempts, { ...attemptOptions, now }));
      now = new Date(now.getTime() + 60 * 60 * 1000);
    }
    expect(outcomes).toEqual(["retry", "retry", "retry", "succeeded"]);
    expect(receiver.received).toHaveLength(4);
    expect(receiver.received.every((request) => request.verifiedWith === 0)).toBe(true);
    // The same message each time: one webhook-id the receiver can deduplicate on.
    expect(new Set(receiver.received.map((request) => request.id)).size).toBe(1);
    expect(receiver.received[3]!.payload).toMatchObject({
      type: "credential.created",
      data: { credential: { id: created.created.id } },
    });

    const [log] = await deliveryLog(db, admin, endpoint.id);
    expect(log).toMatchObject({ status: "succeeded", attempts: 4 });
    expect(log!.log.filter((attempt) => attempt.succeeded)).toHaveLength(1);
    expect(log!.log.map((attempt) => attempt.responseStatus)).toEqual([200, 503, 503, 503]);
    expect(log!.log.map((attempt) => attempt.attempt)).toEqual([4, 3, 2, 1]);

    // Resend: a new attempt of the same message, audited.
    const resent = await resendDelivery(db, admin, log!.id, context);
    await drain(db, new Date(now.getTime()));
    expect(receiver.received).toHaveLength(5);
    expect(receiver.received[4]!.id).toBe(receiver.received[0]!.id);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: resent.id } })).status).toBe("succeeded");
    expect(await db.auditEvent.count({ where: { action: "webhook.delivery_resent", targetId: endpoint.id } })).toBe(1);
    await deleteEndpoint(db, admin, endpoint.id, context);
  });

  it("retries until the 24-hour window ends, then marks the delivery failed", async () => {
    const { db } = get();
    receiver.received.length = 0;
    receiver.respond = () => 500;
    const { endpoint, secret } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.created"] },
      LOOPBACK_RULES,
      context,
    );
    receiver.secrets = [secret];
    await createPersonalCredential(db, owner, { description: "Never answered" }, context);
    const start = new Date();
    let now = start;
    receiver.clock = () => now.getTime();
    let outcome = "";
    for (let step = 0; step < 200 && outcome !== "failed"; step++) {
      const [due] = await dueDeliveries(db, now);
      if (due)
        outcome = await attemptDelivery(db, due.id, due.attempts, { ...attemptOptions, retryBaseMs: 60_000, now });
      now = new Date(now.getTime() + 10 * 60 * 1000);
    }
    expect(outcome).toBe("failed");
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(delivery.status).toBe("failed");
    const attempts = await db.webhookAttempt.findMany({
      where: { deliveryId: delivery.id },
      orderBy: { attempt: "asc" },
    });
    // Attempts stopped within the window, none succeeded, and the waits grew.
    expect(attempts.at(-1)!.startedAt.getTime() - start.getTime()).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    expect(attempts.length).toBeGreaterThan(5);
    expect(attempts.every((attempt) => !attempt.succeeded && attempt.responseStatus === 500)).toBe(true);
    expect(await dueDeliveries(db, new Date(now.getTime() + 48 * 60 * 60 * 1000))).toEqual([]);
    receiver.respond = () => undefined;
    await deleteEndpoint(db, admin, endpoint.id, context);
  });

  it("after a rotation every delivery is signed with both secrets until the overlap ends", async () => {
    const { db } = get();
    receiver.received.length = 0;
    const { endpoint, secret: oldSecret } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.created"] },
      LOOPBACK_RULES,
      context,
    );
    const rotatedAt = new Date();
    const { secret: newSecret, previousSecretUntil } = await rotateSigningSecret(
      db,
      admin,
      endpoint.id,
      context,
      rotatedAt,
    );
    expect(newSecret).not.toBe(oldSecret);
    expect(previousSecretUntil.getTime() - rotatedAt.getTime()).toBe(24 * 60 * 60 * 1000);

    await sendTestEvent(db, admin, endpoint.id, context);
    await drain(db);
    const during = receiver.received.at(-1)!;
    expect(during.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    // Verified by a receiver holding only the old secret, and by one holding only the new.
    for (const secret of [oldSecret, newSecret])
      expect(() => new Webhook(secret).verify(during.body, during.headers)).not.toThrow();

    await sendTestEvent(db, admin, endpoint.id, context);
    const afterOverlap = new Date(previousSecretUntil.getTime() + 1000);
    for (const delivery of await dueDeliveries(db, afterOverlap))
      await attemptDelivery(db, delivery.id, delivery.attempts, { ...attemptOptions, now: afterOverlap });
    const after = receiver.received.at(-1)!;
    expect(after.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    // Signed at the (future) attempt time: verify as of then.
    const verifyAt = (secret: string) => {
      const realNow = Date.now;
      Date.now = () => afterOverlap.getTime();
      try {
        return new Webhook(secret).verify(after.body, after.headers);
      } finally {
        Date.now = realNow;
      }
    };
    expect(() => verifyAt(newSecret)).not.toThrow();
    expect(() => verifyAt(oldSecret)).toThrow();
    expect(await db.auditEvent.count({ where: { action: "webhook.secret_rotated", targetId: endpoint.id } })).toBe(1);
    await deleteEndpoint(db, admin, endpoint.id, context);
  });

  it("refuses at delivery an address the rules forbid, and records why", async () => {
    const { db } = get();
    const { endpoint } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.created"] },
      LOOPBACK_RULES,
      context,
    );
    receiver.received.length = 0;
    await sendTestEvent(db, admin, endpoint.id, context);
    // The same install in production without the loopback setting: the address is refused.
    for (const delivery of await dueDeliveries(db))
      await attemptDelivery(db, delivery.id, delivery.attempts, {
        ...attemptOptions,
        rules: { allowLoopback: false, allowPrivate: false },
      });
    expect(receiver.received).toHaveLength(0);
    const [log] = await deliveryLog(db, admin, endpoint.id);
    expect(log!.log[0]).toMatchObject({ succeeded: false, responseStatus: null });
    expect(log!.log[0]!.error).toMatch(/https/);
    await deleteEndpoint(db, admin, endpoint.id, context);
  });

  it("checks the URL at registration: https, loopback http only when allowed, no private address", async () => {
    const { db } = get();
    const production: AddressRules = { allowLoopback: false, allowPrivate: false };
    const refused = async (url: string, rules: AddressRules) => {
      const error = await createEndpoint(db, admin, { url, events: ["credential.created"] }, rules, context).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WebhookError);
      expect((error as WebhookError).field).toBe("url");
    };
    await refused("http://hooks.example.com/x", LOOPBACK_RULES);
    await refused("http://127.0.0.1:9/x", production);
    await refused("https://10.1.2.3/x", LOOPBACK_RULES);
    await refused("https://[::ffff:192.168.1.1]/x", LOOPBACK_RULES);
    await refused("https://[fd12::1]/x", LOOPBACK_RULES);
    await refused("https://169.254.169.254/latest/meta-data", LOOPBACK_RULES);
    await refused("https://user:pass@hooks.example.com/x", LOOPBACK_RULES);
    await refused("ftp://hooks.example.com/x", LOOPBACK_RULES);
    const error = await createEndpoint(
      db,
      admin,
      { url: "https://hooks.example.com/x", events: [] },
      LOOPBACK_RULES,
      context,
    ).catch((e: unknown) => e);
    expect((error as WebhookError).field).toBe("events");
    const allowed = await createEndpoint(
      db,
      admin,
      { url: "https://10.1.2.3/x", events: ["credential.created"] },
      { ...production, allowPrivate: true },
      context,
    );
    await deleteEndpoint(db, admin, allowed.endpoint.id, context);
  });

  it("another account's super admin never sees or changes an endpoint; other roles are refused", async () => {
    const { db } = get();
    const { endpoint } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, description: "Ops", events: ["credential.created"] },
      LOOPBACK_RULES,
      context,
    );
    await sendTestEvent(db, admin, endpoint.id, context);
    const [delivery] = await deliveryLog(db, admin, endpoint.id);
    const otherAccount = await createAccount(db, "Other Network");
    const intruder: WebhookAdmin = {
      ...(await createTestUser(db, otherAccount, { role: "super_admin" })),
      accountId: otherAccount,
      role: "super_admin",
    };

    expect(await listEndpoints(db, intruder)).toEqual([]);
    expect(await getEndpoint(db, intruder, endpoint.id)).toBeNull();
    expect(await deliveryLog(db, intruder, endpoint.id)).toEqual([]);
    const notFound = async (attempt: Promise<unknown>) => {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookError);
      expect((error as WebhookError).code).toBe("not_found");
    };
    await notFound(
      updateEndpoint(
        db,
        intruder,
        endpoint.id,
        { url: "https://evil.example.com/", events: ["credential.created"] },
        LOOPBACK_RULES,
        context,
      ),
    );
    await notFound(rotateSigningSecret(db, intruder, endpoint.id, context));
    await notFound(deleteEndpoint(db, intruder, endpoint.id, context));
    await notFound(resendDelivery(db, intruder, delivery!.id, context));
    await notFound(sendTestEvent(db, intruder, endpoint.id, context));
    expect(await getEndpoint(db, admin, endpoint.id)).toMatchObject({ url: receiver.url, description: "Ops" });

    const networkUser: WebhookAdmin = { ...owner, role: "network_user" };
    await expect(listEndpoints(db, networkUser)).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      createEndpoint(db, networkUser, { url: receiver.url, events: ["credential.created"] }, LOOPBACK_RULES, context),
    ).rejects.toMatchObject({ code: "forbidden" });
    await deleteEndpoint(db, admin, endpoint.id, context);
  });

  it("many workers racing over the same due deliveries send each attempt once", async () => {
    const { db } = get();
    receiver.received.length = 0;
    receiver.respond = () => undefined;
    const { endpoint, secret } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.created"] },
      LOOPBACK_RULES,
      context,
    );
    receiver.secrets = [secret];
    for (let i = 0; i < 5; i++) await sendTestEvent(db, admin, endpoint.id, context);
    const due = await dueDeliveries(db);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => attemptDelivery(db, due[i % due.length]!.id, 0, attemptOptions)),
    );
    expect(receiver.received).toHaveLength(5);
    expect(new Set(receiver.received.map((request) => request.id)).size).toBe(5);
    await deleteEndpoint(db, admin, endpoint.id, context);
  });

  it("the retention job deletes finished events older than the retention period, never one still retrying", async () => {
    const { db } = get();
    const { endpoint } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.created"] },
      LOOPBACK_RULES,
      context,
    );
    const old = await sendTestEvent(db, admin, endpoint.id, context, new Date(Date.now() - 100 * 86_400_000));
    const retrying = await sendTestEvent(db, admin, endpoint.id, context, new Date(Date.now() - 100 * 86_400_000));
    const recent = await sendTestEvent(db, admin, endpoint.id, context);
    await db.webhookDelivery.updateMany({
      where: { eventId: { in: [old.eventId, recent.eventId] } },
      data: { status: "succeeded" },
    });
    const policy = { now: new Date(), retentionDays: 90, batchSize: 100 };
    expect(await purgeWebhookEvents.purgeBatch(db, policy)).toEqual({ found: 1, deleted: 1 });
    const left = await db.webhookEvent.findMany({
      where: { id: { in: [old.eventId, retrying.eventId, recent.eventId] } },
      select: { id: true },
    });
    expect(left.map((event) => event.id).sort()).toEqual([retrying.eventId, recent.eventId].sort());
    expect(await db.webhookDelivery.count({ where: { eventId: old.eventId } })).toBe(0);
  });

  it("announces OAuth app events with the app's id, client id and name, never its secret", async () => {
    const { db } = get();
    const { endpoint } = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["oauth_app.registered", "oauth_app.deleted"] },
      LOOPBACK_RULES,
      context,
    );
    const result = await registerClient(
      db,
      admin,
      {
        name: "Billing sync",
        redirectUris: "https://billing.example.com/cb",
        grantTypes: ["authorization_code"],
        scopes: ["users:read"],
        serviceUserId: "",
        canIntrospect: false,
      },
      context,
    );
    if (!("registered" in result)) throw new Error("expected a new app");
    const { client, secret } = result.registered;
    await deleteClient(db, admin, client.id, context);
    const events = await db.webhookEvent.findMany({
      where: { accountId, type: { startsWith: "oauth_app." } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => event.type)).toEqual(["oauth_app.registered", "oauth_app.deleted"]);
    for (const event of events) {
      expect(JSON.parse(event.payload).data.oauthApp).toMatchObject({ id: client.id, clientId: client.clientId });
      if (secret) expect(event.payload).not.toContain(secret);
    }
    expect(JSON.parse(events[0]!.payload).data.oauthApp.name).toBe("Billing sync");
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(2);
  });

  it("turns the expiry sweep's notices into credential.expiring and credential.expired events, once each", async () => {
    const { db } = get();
    const endpoint = await createEndpoint(
      db,
      admin,
      { url: receiver.url, events: ["credential.expiring", "credential.expired"] },
      LOOPBACK_RULES,
      context,
    );
    const expiresOn = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 10));
    const created = await createPersonalCredential(
      db,
      owner,
      { description: "Expiring export", expirationDate: expiresOn.toISOString().slice(0, 10) },
      context,
    );
    if (!("created" in created)) throw new Error("expected a credential");
    const eventsOf = async () =>
      (await db.webhookEvent.findMany({ where: { accountId }, include: { deliveries: true } }))
        .filter((event) => event.payload.includes(created.created.id))
        .map((event) => ({ type: event.type, endpoints: event.deliveries.map((delivery) => delivery.endpointId) }));
    // Half a day before expiry: the 1-day notice; two sweeps at once record it once.
    const dayBefore = new Date(expiresOn.getTime() - 12 * 3600_000);
    await Promise.all([1, 2].map(() => runNoticeSweep(db, { mailer: null, publicUrl: undefined, now: dayBefore })));
    expect(await eventsOf()).toEqual([{ type: "credential.expiring", endpoints: [endpoint.endpoint.id] }]);
    const after = new Date(expiresOn.getTime() + 3600_000);
    await runNoticeSweep(db, { mailer: null, publicUrl: undefined, now: after });
    await runNoticeSweep(db, { mailer: null, publicUrl: undefined, now: after });
    expect((await eventsOf()).map((event) => event.type).sort()).toEqual(["credential.expired", "credential.expiring"]);
  });
});

// Delivering the outbox: one attempt of one delivery, and what an admin does with deliveries
// (the log, Resend, a test event). Both workers (lib/webhooks/worker.ts) call attemptDelivery;
// it claims the attempt with a conditional update of the attempt count, so however many
// workers hold the same delivery, each attempt number is sent once.
import { actorOf, type RequestContext, recordAudit } from "../audit";
import type { Db } from "../db";
import { TEST_EVENT_TYPE } from "../webhook-outbox/events";
import { DELIVERY_WINDOW_MS, newMessageId } from "../webhook-outbox/write";
import type { AddressRules } from "./address-rules";
import { retryDelayMs } from "./backoff";
import { postWebhook } from "./deliver-http";
import { assertWebhookAdmin, type WebhookAdmin } from "./endpoints";
import { WebhookError } from "./errors";
import { signedHeaders } from "./signature";
import { decryptSigningSecret } from "./signing-secret";

export interface AttemptOptions {
  rules: AddressRules;
  retryBaseMs: number;
  /** Tests pin the clock's start and the jitter; production passes neither. */
  now?: Date;
  random?: () => number;
  timeoutMs?: number;
}

export type AttemptOutcome = "succeeded" | "retry" | "failed" | "skipped";

/** Pending deliveries whose next attempt is due, oldest first, with the attempt count they are at. */
export async function dueDeliveries(db: Db, now = new Date(), limit = 50): Promise<{ id: string; attempts: number }[]> {
  return db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, attempts: true },
  });
}

/**
 * Makes attempt `seenAttempts + 1` of the delivery, if it is still pending, due and at that
 * count. The claim raises the count and sets the next attempt time first (as if this attempt
 * will fail), so a worker that dies mid-request leaves the delivery to be retried on schedule:
 * at-least-once. The receiver deduplicates on webhook-id.
 */
export async function attemptDelivery(
  db: Db,
  deliveryId: string,
  seenAttempts: number,
  options: AttemptOptions,
): Promise<AttemptOutcome> {
  const now = options.now ?? new Date();
  const attempt = seenAttempts + 1;
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempt, options.retryBaseMs, options.random));
  const claimed = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, status: "pending", attempts: seenAttempts, nextAttemptAt: { lte: now } },
    data: { attempts: attempt, nextAttemptAt },
  });
  if (claimed.count === 0) return "skipped";
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      giveUpAt: true,
      event: { select: { id: true, payload: true } },
      endpoint: {
        select: { url: true, secretEncrypted: true, previousSecretEncrypted: true, previousSecretUntil: true },
      },
    },
  });
  // Deleted with its endpoint between the claim and here: nothing left to send.
  if (!delivery) return "skipped";
  const { endpoint, event } = delivery;
  const secrets = [decryptSigningSecret(endpoint.secretEncrypted)];
  if (endpoint.previousSecretEncrypted && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now)
    secrets.push(decryptSigningSecret(endpoint.previousSecretEncrypted));
  const headers = signedHeaders(event.id, now, event.payload, secrets);

  const started = performance.now();
  const outcome = await postWebhook(endpoint.url, { ...headers }, event.payload, options.rules, options.timeoutMs);
  const durationMs = Math.round(performance.now() - started);
  const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  const result: AttemptOutcome = succeeded ? "succeeded" : nextAttemptAt > delivery.giveUpAt ? "failed" : "retry";
  const error =
    outcome.error ??
    (succeeded ? null : outcome.status >= 300 && outcome.status < 400 ? "Redirects are not followed" : null);
  await db.$transaction([
    db.webhookAttempt.create({
      data: { deliveryId, attempt, startedAt: now, durationMs, responseStatus: outcome.status, succeeded, error },
    }),
    db.webhookDelivery.updateMany({
      where: { id: deliveryId, attempts: attempt },
      data: { status: result === "retry" ? "pending" : result },
    }),
  ]);
  return result;
}

export interface DeliveryLogEntry {
  id: string;
  eventId: string;
  eventType: string;
  createdAt: Date;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  resendOfId: string | null;
  log: {
    attempt: number;
    startedAt: Date;
    durationMs: number;
    responseStatus: number | null;
    succeeded: boolean;
    error: string | null;
  }[];
}

/** The endpoint's latest deliveries with each attempt, newest first (the endpoint's page). */
export async function deliveryLog(
  db: Db,
  admin: WebhookAdmin,
  endpointId: string,
  take = 50,
): Promise<DeliveryLogEntry[]> {
  assertWebhookAdmin(admin);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId, endpoint: { accountId: admin.accountId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      eventId: true,
      createdAt: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      resendOfId: true,
      event: { select: { type: true } },
      attemptLog: {
        orderBy: { attempt: "desc" },
        select: {
          attempt: true,
          startedAt: true,
          durationMs: true,
          responseStatus: true,
          succeeded: true,
          error: true,
        },
      },
    },
  });
  return rows.map(({ event, ...row }) => ({
    ...row,
    eventType: event.type,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
    log: row.attemptLog,
  }));
}

/**
 * Resend: the same event (same webhook-id, so a receiver that already has it can tell) as a new
 * delivery to the same endpoint, due now, with a fresh 24-hour window. Audited.
 */
export async function resendDelivery(
  db: Db,
  admin: WebhookAdmin,
  deliveryId: string,
  context: RequestContext,
  now = new Date(),
): Promise<{ id: string }> {
  assertWebhookAdmin(admin);
  return db.$transaction(async (tx) => {
    const original = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, endpoint: { accountId: admin.accountId } },
      select: {
        id: true,
        eventId: true,
        endpointId: true,
        endpoint: { select: { url: true } },
        event: { select: { type: true } },
      },
    });
    if (!original) throw new WebhookError("No such delivery.", null, "not_found");
    const created = await tx.webhookDelivery.create({
      data: {
        eventId: original.eventId,
        endpointId: original.endpointId,
        nextAttemptAt: now,
        giveUpAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
        resendOfId: original.id,
        createdAt: now,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.delivery_resent",
      target: { type: "webhook_endpoint", id: original.endpointId, label: original.endpoint.url },
      context,
      details: { event: original.event.type, webhookId: original.eventId, delivery: original.id },
    });
    return created;
  });
}

/** "Send test event": a webhook.test event to this endpoint only, delivered like any other. */
export async function sendTestEvent(
  db: Db,
  admin: WebhookAdmin,
  endpointId: string,
  context: RequestContext,
  now = new Date(),
): Promise<{ eventId: string }> {
  assertWebhookAdmin(admin);
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({
      where: { id: endpointId, accountId: admin.accountId },
      select: { id: true, url: true },
    });
    if (!endpoint) throw new WebhookError("No such webhook endpoint.", null, "not_found");
    const id = newMessageId();
    const payload = JSON.stringify({
      type: TEST_EVENT_TYPE,
      timestamp: now.toISOString(),
      data: { endpointId: endpoint.id, actor: { id: admin.id, label: admin.email } },
    });
    await tx.webhookEvent.create({
      data: { id, accountId: admin.accountId, type: TEST_EVENT_TYPE, payload, createdAt: now },
    });
    await tx.webhookDelivery.create({
      data: {
        eventId: id,
        endpointId: endpoint.id,
        nextAttemptAt: now,
        giveUpAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
        createdAt: now,
      },
    });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.test_sent",
      target: { type: "webhook_endpoint", id: endpoint.id, label: endpoint.url },
      context,
      details: { webhookId: id },
    });
    return { eventId: id };
  });
}

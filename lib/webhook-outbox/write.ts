// The webhook outbox writer. lib/audit.ts calls it for every audit row it writes, through the
// same transaction client, so an event exists exactly when the change it announces commits
// (a rolled-back change leaves no event and no delivery). It sits below lib/audit.ts and
// imports only the database types and the event table.
//
// Cost: for an audit action that announces no webhook event it does nothing; otherwise one
// indexed read of the account's endpoints, and only when one subscribes, the event, its
// deliveries and (for credentials and OAuth apps) one read of the row for the payload.
import { randomBytes } from "node:crypto";
import type { Db, Tx } from "../db/client";
import { parseEventList, webhookEventFor, type WebhookEventType } from "./events";

/** Deliveries are retried for this long after the event, then marked failed (Standard Webhooks: about a day). */
export const DELIVERY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What the outbox needs from an audit entry; the audit log's own types stay above it. */
export interface OutboxSource {
  accountId: string | null;
  action: string;
  actor: { id: string | null; label: string };
  target?: { type: string; id?: string | null; label?: string | null };
  details?: Record<string, string | number | boolean | null>;
}

/** A Standard Webhooks message id: unique per event, the receiver's key for deduplication. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

/** Whether the audit action announces a webhook event (a cheap test, no database). */
export function announcesWebhook(action: string): boolean {
  return webhookEventFor(action) !== undefined;
}

/**
 * Writes the event and one pending delivery per endpoint of the account subscribed to it.
 * Returns the event id, or null when nothing was written.
 */
export async function writeWebhookOutbox(
  client: Db | Tx,
  source: OutboxSource,
  now = new Date(),
): Promise<string | null> {
  const type = webhookEventFor(source.action);
  if (!type || !source.accountId) return null;
  const endpoints = await client.webhookEndpoint.findMany({
    where: { accountId: source.accountId },
    select: { id: true, events: true },
  });
  const subscribed = endpoints.filter((endpoint) => parseEventList(endpoint.events).includes(type));
  if (subscribed.length === 0) return null;

  const id = newMessageId();
  const payload = JSON.stringify({ type, timestamp: now.toISOString(), data: await eventData(client, type, source) });
  await client.webhookEvent.create({ data: { id, accountId: source.accountId, type, payload, createdAt: now } });
  await client.webhookDelivery.createMany({
    data: subscribed.map((endpoint) => ({
      eventId: id,
      endpointId: endpoint.id,
      nextAttemptAt: now,
      giveUpAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
      createdAt: now,
    })),
  });
  return id;
}

type Data = Record<string, unknown>;

/**
 * The event's `data`: what a receiver needs to act (which credential or app, whose, its state),
 * read from the row in the same transaction. Never a secret or a hash: the selects below name
 * every column that may leave. A deleted row is described from the audit entry instead.
 */
async function eventData(client: Db | Tx, type: WebhookEventType, source: OutboxSource): Promise<Data> {
  const actor = { id: source.actor.id, label: source.actor.label };
  const targetId = source.target?.id ?? null;
  const details = source.details ?? {};
  if (type.startsWith("oauth_app.")) {
    const app = targetId
      ? await client.oAuthClient.findUnique({
          where: { id: targetId },
          select: { id: true, clientId: true, name: true, isPublic: true },
        })
      : null;
    return {
      oauthApp: app ?? {
        id: targetId,
        clientId: source.target?.label ?? null,
        name: typeof details.name === "string" ? details.name : null,
      },
      actor,
    };
  }
  const credential = targetId
    ? await client.credential.findUnique({
        where: { id: targetId },
        select: {
          id: true,
          kind: true,
          name: true,
          hint: true,
          status: true,
          expiresAt: true,
          user: { select: { id: true, email: true } },
        },
      })
    : null;
  // A leak report says where the secret was found and what Keyward did (lib/credentials/leaked).
  const leak =
    type === "credential.leaked"
      ? { leak: { source: details.source ?? null, foundAt: details.foundAt ?? null, outcome: details.outcome ?? null } }
      : {};
  if (credential) {
    return {
      ...leak,
      credential: {
        id: credential.id,
        kind: credential.kind,
        name: credential.name,
        hint: credential.hint,
        status: credential.status,
        expiresAt: credential.expiresAt?.toISOString() ?? null,
        user: credential.user,
      },
      actor,
    };
  }
  return {
    credential: {
      id: targetId,
      kind: source.target?.type ?? null,
      name: typeof details.name === "string" ? details.name : null,
      hint: source.target?.label ?? null,
      status: type === "credential.deleted" ? "deleted" : null,
      expiresAt: null,
      user: null,
    },
    actor,
  };
}

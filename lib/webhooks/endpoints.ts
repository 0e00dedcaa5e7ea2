// Webhook endpoints of one account, managed by its super admins only. Every query has the
// admin's account in its where, so another account's endpoint is "not found", never shown or
// changed. Each change is one transaction with its audit row.
import type { CurrentUser } from "../auth/current-user";
import { actorOf, type RequestContext, recordAudit } from "../audit";
import type { Db, Tx } from "../db";
import { parseEventList, type WebhookEventType } from "../webhook-outbox/events";
import type { AddressRules } from "./address-rules";
import { checkEndpointUrl } from "./endpoint-url";
import { endpointInputSchema, type EndpointInput } from "./endpoint-input";
import { WebhookError } from "./errors";
import { encryptSigningSecret, newSigningSecret } from "./signing-secret";

export type WebhookAdmin = Pick<CurrentUser, "id" | "email" | "accountId" | "role">;

/** After a rotation the old secret keeps signing beside the new one for this long. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function assertWebhookAdmin(admin: Pick<WebhookAdmin, "role">): void {
  if (admin.role !== "super_admin") throw new WebhookError("Only super admins manage webhooks.", null, "forbidden");
}

/** An endpoint as the screens show it: never its secret. */
export interface EndpointView {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  createdAt: Date;
  /** While a rotation's overlap runs: when the old secret stops signing. */
  previousSecretUntil: Date | null;
}

const viewSelect = {
  id: true,
  url: true,
  description: true,
  events: true,
  createdAt: true,
  previousSecretUntil: true,
} as const;

function toView(
  row: {
    id: string;
    url: string;
    description: string;
    events: string;
    createdAt: Date;
    previousSecretUntil: Date | null;
  },
  now: Date,
): EndpointView {
  return {
    ...row,
    events: parseEventList(row.events),
    previousSecretUntil: row.previousSecretUntil && row.previousSecretUntil > now ? row.previousSecretUntil : null,
  };
}

export async function listEndpoints(db: Db, admin: WebhookAdmin, now = new Date()): Promise<EndpointView[]> {
  assertWebhookAdmin(admin);
  const rows = await db.webhookEndpoint.findMany({
    where: { accountId: admin.accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: viewSelect,
  });
  return rows.map((row) => toView(row, now));
}

export async function getEndpoint(
  db: Db,
  admin: WebhookAdmin,
  id: string,
  now = new Date(),
): Promise<EndpointView | null> {
  assertWebhookAdmin(admin);
  const row = await db.webhookEndpoint.findFirst({ where: { id, accountId: admin.accountId }, select: viewSelect });
  return row ? toView(row, now) : null;
}

function parseInput(input: EndpointInput, rules: AddressRules) {
  const parsed = endpointInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0];
    throw new WebhookError(
      issue.message,
      field === "url" || field === "description" || field === "events" ? field : null,
    );
  }
  const url = checkEndpointUrl(parsed.data.url, rules);
  if (!url.ok) throw new WebhookError(url.message, "url");
  return {
    url: url.url.toString(),
    description: parsed.data.description,
    events: [...new Set(parsed.data.events)].join(" "),
  };
}

async function findOwn(tx: Tx, admin: WebhookAdmin, id: string) {
  const row = await tx.webhookEndpoint.findFirst({
    where: { id, accountId: admin.accountId },
    select: { id: true, url: true },
  });
  if (!row) throw new WebhookError("No such webhook endpoint.", null, "not_found");
  return row;
}

/** Registers an endpoint and returns its signing secret: the only time it is shown. */
export async function createEndpoint(
  db: Db,
  admin: WebhookAdmin,
  input: EndpointInput,
  rules: AddressRules,
  context: RequestContext,
): Promise<{ endpoint: EndpointView; secret: string }> {
  assertWebhookAdmin(admin);
  const data = parseInput(input, rules);
  const secret = newSigningSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        ...data,
        accountId: admin.accountId,
        secretEncrypted: encryptSigningSecret(secret),
        createdById: admin.id,
      },
      select: viewSelect,
    });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.endpoint_created",
      target: { type: "webhook_endpoint", id: created.id, label: created.url },
      context,
      details: { events: data.events },
    });
    return created;
  });
  return { endpoint: toView(row, new Date()), secret };
}

export async function updateEndpoint(
  db: Db,
  admin: WebhookAdmin,
  id: string,
  input: EndpointInput,
  rules: AddressRules,
  context: RequestContext,
): Promise<void> {
  assertWebhookAdmin(admin);
  const data = parseInput(input, rules);
  await db.$transaction(async (tx) => {
    const row = await findOwn(tx, admin, id);
    await tx.webhookEndpoint.update({ where: { id: row.id }, data });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.endpoint_updated",
      target: { type: "webhook_endpoint", id: row.id, label: data.url },
      context,
      details: { events: data.events, ...(row.url !== data.url ? { previousUrl: row.url } : {}) },
    });
  });
}

/** Deletes the endpoint with its deliveries (pending ones are never sent). */
export async function deleteEndpoint(db: Db, admin: WebhookAdmin, id: string, context: RequestContext): Promise<void> {
  assertWebhookAdmin(admin);
  await db.$transaction(async (tx) => {
    const row = await findOwn(tx, admin, id);
    await tx.webhookEndpoint.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.endpoint_deleted",
      target: { type: "webhook_endpoint", id: row.id, label: row.url },
      context,
    });
  });
}

/**
 * A new signing secret, shown once. The current one becomes the previous one and keeps signing
 * beside it for ROTATION_OVERLAP_MS, so receivers can switch without missing a delivery. A
 * rotation during an overlap drops the oldest secret.
 */
export async function rotateSigningSecret(
  db: Db,
  admin: WebhookAdmin,
  id: string,
  context: RequestContext,
  now = new Date(),
): Promise<{ secret: string; previousSecretUntil: Date }> {
  assertWebhookAdmin(admin);
  const secret = newSigningSecret();
  const previousSecretUntil = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  await db.$transaction(async (tx) => {
    await findOwn(tx, admin, id);
    const current = await tx.webhookEndpoint.findUniqueOrThrow({
      where: { id },
      select: { secretEncrypted: true, url: true },
    });
    await tx.webhookEndpoint.update({
      where: { id },
      data: {
        secretEncrypted: encryptSigningSecret(secret),
        previousSecretEncrypted: current.secretEncrypted,
        previousSecretUntil,
      },
    });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.secret_rotated",
      target: { type: "webhook_endpoint", id, label: current.url },
      context,
      details: { previousSecretUntil: previousSecretUntil.toISOString() },
    });
  });
  return { secret, previousSecretUntil };
}

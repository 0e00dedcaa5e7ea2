// The audit log: one row per security-relevant event, written through the same transaction
// client as the change it records, so both commit or neither does. Never give it a secret:
// targets are named by email or credential hint.
import type { Db, Tx } from "./db";
import { announcesWebhook, writeWebhookOutbox } from "./webhook-outbox/write";

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export const NO_REQUEST: RequestContext = { ip: null, userAgent: null };

export interface Actor {
  id: string | null;
  label: string;
  accountId: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: "system", accountId: null };

/** The audit log's view of a signed-in user acting in their account. */
export function actorOf(user: { id: string; email: string; accountId: string }): Actor {
  return { id: user.id, label: user.email, accountId: user.accountId };
}

/** A user as the target of an event: by id, labelled with the email they had then. */
export function userTarget(user: { id: string; email: string }): NonNullable<AuditEntry["target"]> {
  return { type: "user", id: user.id, label: user.email };
}

/** Every action the audit log records, with the label the Audit Log page shows. */
export const AUDIT_ACTIONS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_in_throttled": "Sign-in throttled",
  "auth.sign_out": "Signed out",
  "auth.token_exchange": "Token exchanged for a password",
  "auth.token_exchange_refused": "Token exchange refused",
  "user.created": "User created",
  "user.updated": "User updated",
  "user.api_user_set": "Set as API user",
  "user.api_user_unset": "API user unset",
  "user.password_changed": "Password changed",
  "user.unlocked": "User unlocked",
  "credential.created": "Credential created",
  "credential.create_refused": "Credential creation refused",
  "credential.revoked": "Credential revoked",
  "credential.deactivated": "Credential deactivated",
  "credential.reactivated": "Credential reactivated",
  "credential.deleted": "Credential deleted",
  "credential.rolled": "Credential rolled",
  "credential.replaced": "Replacement created",
  "credential.expiring": "Credential expiring",
  "credential.expired": "Credential expired",
  "credential.refused": "Credential change refused",
  "credential.leaked": "Credential reported leaked",
  "credential.rate_limit_changed": "Credential rate limit changed",
  "credential.allowlist_changed": "Credential IP allowlist changed",
  "advertiser.created": "Advertiser created",
  "advertiser.updated": "Advertiser updated",
  "advertiser.deleted": "Advertiser deleted",
  "publisher.created": "Publisher created",
  "publisher.updated": "Publisher updated",
  "publisher.deleted": "Publisher deleted",
  "account.api_key_generated": "Account API key generated",
  "account.api_key_revealed": "Account API key revealed",
  "account.rate_limit_changed": "Default rate limit changed",
  "settings.updated": "API settings changed",
  "account.allowlist_changed": "Account IP allowlist changed",
  "oauth.client_registered": "OAuth app registered",
  "oauth.client_secret_rotated": "OAuth client secret rotated",
  "oauth.client_deleted": "OAuth app deleted",
  "oauth.client_rate_limit_changed": "OAuth app rate limit changed",
  "oauth.client_allowlist_changed": "OAuth app IP allowlist changed",
  "oauth.authorized": "OAuth app allowed",
  "oauth.denied": "OAuth app denied",
  "oauth.token_issued": "OAuth access token issued",
  "oauth.token_revoked": "OAuth access token revoked",
  "oauth.code_replayed": "OAuth authorization code replayed",
  "oauth.refresh_token_issued": "OAuth refresh token issued",
  "oauth.refresh_token_rotated": "OAuth refresh token rotated",
  "oauth.refresh_replayed": "OAuth refresh token replayed",
  "oauth.refresh_family_revoked": "OAuth refresh tokens revoked",
  "oauth.disconnected": "OAuth app disconnected",
  "oidc.signing_key_created": "ID token signing key created",
  "oidc.signing_key_rotated": "ID token signing key rotated",
  "retention.purged": "Expired records purged",
  "webhook.endpoint_created": "Webhook endpoint added",
  "webhook.endpoint_updated": "Webhook endpoint changed",
  "webhook.endpoint_deleted": "Webhook endpoint deleted",
  "webhook.secret_rotated": "Webhook signing secret rotated",
  "webhook.delivery_resent": "Webhook delivery resent",
  "webhook.test_sent": "Webhook test event sent",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export interface AuditEntry {
  actor: Actor;
  action: AuditAction;
  target?: { type: string; id?: string | null; label?: string | null };
  context: RequestContext;
  details?: Record<string, string | number | boolean | null>;
  accountId?: string | null;
}

/**
 * Writes the audit row and, for the actions that announce a webhook event, the event and its
 * deliveries (lib/webhook-outbox) through the same client: inside the change's transaction they
 * commit with it. Called outside a transaction, the two writes get one of their own.
 */
export async function recordAudit(client: Db | Tx, entry: AuditEntry): Promise<void> {
  // Only the full client can connect; a transaction's client also answers to $transaction.
  if (announcesWebhook(entry.action) && "$connect" in client) {
    await (client as Db).$transaction((tx) => recordAudit(tx, entry));
    return;
  }
  await client.auditEvent.create({
    data: {
      accountId: entry.accountId ?? entry.actor.accountId,
      actorId: entry.actor.id,
      actorLabel: entry.actor.label,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetLabel: entry.target?.label ?? null,
      ip: entry.context.ip?.slice(0, 64) ?? null,
      userAgent: entry.context.userAgent?.slice(0, 256) ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    },
  });
  if (announcesWebhook(entry.action)) {
    await writeWebhookOutbox(client, {
      accountId: entry.accountId ?? entry.actor.accountId,
      action: entry.action,
      actor: entry.actor,
      ...(entry.target ? { target: entry.target } : {}),
      ...(entry.details ? { details: entry.details } : {}),
    });
  }
}

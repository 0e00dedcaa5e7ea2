// The webhook event types an endpoint may subscribe to, and the audit action each one
// announces. Imports nothing: the outbox writer (below lib/audit.ts), the endpoint rules and
// the client form all read this one table.

/** Event type -> the audit action that records it, and the label the Webhooks screen shows. */
export const WEBHOOK_EVENTS = {
  "credential.created": { auditAction: "credential.created", label: "Credential created" },
  "credential.revoked": { auditAction: "credential.revoked", label: "Credential revoked" },
  "credential.deactivated": { auditAction: "credential.deactivated", label: "Credential deactivated" },
  "credential.reactivated": { auditAction: "credential.reactivated", label: "Credential reactivated" },
  "credential.deleted": { auditAction: "credential.deleted", label: "Credential deleted" },
  "credential.expiring": { auditAction: "credential.expiring", label: "Credential expiring soon" },
  "credential.expired": { auditAction: "credential.expired", label: "Credential expired" },
  "credential.replaced": { auditAction: "credential.replaced", label: "Replacement created" },
  "credential.leaked": { auditAction: "credential.leaked", label: "Credential reported leaked" },
  "oauth_app.registered": { auditAction: "oauth.client_registered", label: "OAuth app registered" },
  "oauth_app.deleted": { auditAction: "oauth.client_deleted", label: "OAuth app deleted" },
  "oauth_app.secret_rotated": { auditAction: "oauth.client_secret_rotated", label: "OAuth app secret rotated" },
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** Sent by "Send test event" only; no audit action records it and no one subscribes to it. */
export const TEST_EVENT_TYPE = "webhook.test";

const byAuditAction = new Map<string, WebhookEventType>(
  WEBHOOK_EVENT_TYPES.map((type) => [WEBHOOK_EVENTS[type].auditAction, type]),
);

/** The webhook event an audit action announces, or undefined when it announces none. */
export function webhookEventFor(auditAction: string): WebhookEventType | undefined {
  return byAuditAction.get(auditAction);
}

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENTS, value);
}

/** An endpoint's stored event list (space-separated) as the types it names. */
export function parseEventList(stored: string): WebhookEventType[] {
  return stored.split(" ").filter(isWebhookEventType);
}

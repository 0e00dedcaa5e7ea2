// What the Audit Log shows people for the codes lib/audit.ts stores: a credential kind's label
// instead of "(at)", labelled details instead of raw keys, dates as the rest of the app writes
// them (UTC, to the minute). The stored codes stay as they are (filters and exports use them);
// the table keeps each code in a title for whoever needs it.
import { ROLE_LABELS, STATUS_LABELS, type Role, type UserStatus } from "@/lib/access/role-values";
import { kindByCode } from "@/lib/credentials/kinds";

const TARGET_TYPES: Record<string, string> = {
  user: "User",
  oauth_client: "OAuth app",
  settings: "API settings",
  advertiser: "Advertiser",
  publisher: "Publisher",
};

/** "Auth token" for "at", "User" for "user"; an unknown code as it is. */
export function targetTypeLabel(type: string): string {
  return kindByCode(type)?.label ?? TARGET_TYPES[type] ?? type;
}

const DETAIL_LABELS: Record<string, string> = {
  apiTokensRevoked: "API tokens revoked",
  apiUser: "API user",
  channel: "Where",
  description: "Description",
  expiresAt: "Expires",
  fields: "Fields",
  from: "From",
  grant: "Grant",
  graceHours: "Grace period (hours)",
  kind: "Kind",
  name: "Name",
  newHint: "New credential",
  newId: "New credential id",
  oldExpiresAt: "Old one expires",
  operation: "Operation",
  owner: "Owner",
  reason: "Reason",
  retentionDays: "Kept for (days)",
  role: "Role",
  scopes: "Scopes",
  state: "State",
  status: "Status",
  tokenRevoked: "Token revoked",
};

const CHANNELS: Record<string, string> = {
  web: "Sign-in page",
  token_exchange: "Token exchange (API)",
  change_password: "Change password",
  reveal_api_key: "Reveal API Key",
};

const REASONS: Record<string, string> = {
  invalid: "Wrong password or unknown email",
  password_too_long: "Password too long",
  api_user: "API user (cannot sign in)",
  disabled: "User disabled",
  unverified: "User not verified",
  throttled: "Too many attempts",
};

/** "expiresAt" → "Expires"; a key not listed is spelt out from its camelCase or snake_case. */
export function detailLabel(key: string): string {
  const listed = DETAIL_LABELS[key];
  if (listed) return listed;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A detail's value as people read it. */
export function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value !== "string") return String(value);
  if (ISO_TIME.test(value)) {
    const time = new Date(value);
    if (!Number.isNaN(time.getTime())) return `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  }
  if (key === "kind") return kindByCode(value)?.label ?? value;
  if (key === "role") return ROLE_LABELS[value as Role] ?? value;
  if (key === "status") return STATUS_LABELS[value as UserStatus] ?? value;
  if (key === "channel") return CHANNELS[value] ?? value;
  if (key === "reason") return REASONS[value] ?? value;
  return value;
}

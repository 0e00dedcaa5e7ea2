// What happened to one presented credential that Keyward recognised: accepted, or refused
// for a reason. The reasons are stored as they are named here (CredentialUsage.outcome), so a
// name never changes once shipped; a new reason is a new name and label.

/** Why a known credential was refused. */
export const REFUSAL_REASONS = [
  "expired",
  "revoked",
  "deactivated",
  "owner_disabled",
  /** The owner is no longer an API user (a kind that requires one). */
  "not_api_user",
  "no_owner",
  /** An auth token without its account API key, or with one that is wrong or unusable. */
  "account_key",
  /** Sent a way its account has switched off (tokens in the query string). */
  "transport",
  /** Lacks the scope the endpoint needs (lib/endpoints/endpoint.ts). */
  "scope",
  /** Over its rate limit. */
  "rate_limited",
  /** From an address outside its IP allowlist. */
  "ip",
  /** Would have been refused by its IP allowlist in "report only" mode; the request went on. */
  "ip_report_only",
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const ACCEPTED = "accepted";
export type UsageOutcome = typeof ACCEPTED | RefusalReason;

/**
 * Outcomes that are not refusals: the accepted ones, and the would-be refusals of a report-only
 * IP allowlist (the request went on and is also counted accepted). Listed by reason, left out
 * of every "refused" total.
 */
export const NOT_REFUSED: readonly UsageOutcome[] = [ACCEPTED, "ip_report_only"];

export const REFUSAL_LABELS: Record<RefusalReason, string> = {
  expired: "Expired",
  revoked: "Revoked",
  deactivated: "Deactivated",
  owner_disabled: "Owner disabled",
  not_api_user: "Owner not an API user",
  no_owner: "No owner",
  account_key: "Account API key missing or wrong",
  transport: "Sent a way that is switched off",
  scope: "Missing scope",
  rate_limited: "Rate limited",
  ip: "Address not allowed",
  ip_report_only: "Address not allowed (report only)",
};

const KNOWN = new Set<string>(REFUSAL_REASONS);

export function isRefusalReason(value: string): value is RefusalReason {
  return KNOWN.has(value);
}

/** The label of a stored outcome; one written by a newer version is shown as it is stored. */
export function refusalLabel(outcome: string): string {
  return isRefusalReason(outcome) ? REFUSAL_LABELS[outcome] : outcome;
}

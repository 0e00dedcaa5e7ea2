// A rate limit as a super admin sets it (N requests per second, minute or hour), and which one
// applies to a credential: its own, else (OAuth access tokens) its app's, shared by every token
// of the app, else the account default. Decided from the cached credential record, so the
// verifier asks no database for it.
import { z } from "zod";

import { MAX_RATE_LIMIT, RATE_LIMIT_WINDOWS } from "./windows";

export { MAX_RATE_LIMIT, RATE_LIMIT_WINDOWS, WINDOW_SECONDS, type RateLimitWindow } from "./windows";

export const rateLimitPolicySchema = z.object({
  limit: z
    .number({ error: "Enter a number of requests" })
    .int({ error: "Enter a whole number of requests" })
    .min(1, { error: "Enter at least 1 request" })
    .max(MAX_RATE_LIMIT, { error: `Enter at most ${MAX_RATE_LIMIT.toLocaleString("en-US")} requests` }),
  window: z.enum(RATE_LIMIT_WINDOWS, { error: "Choose per second, per minute or per hour" }),
});

export type RateLimitPolicy = z.infer<typeof rateLimitPolicySchema>;

/** The form's fields: "limit" and "window", or "mode" = "default" to remove a limit. */
export type RateLimitFormField = "limit" | "window";

/**
 * A rate-limit form: mode "default" (no limit of its own; for the account default: none) or
 * "own" with the limit and window. Errors are keyed by the field they sit under.
 */
export function rateLimitFromForm(
  read: (name: string) => string,
): { ok: true; policy: RateLimitPolicy | null } | { ok: false; errors: Partial<Record<RateLimitFormField, string[]>> } {
  if (read("mode") === "default") return { ok: true, policy: null };
  const text = read("limit").trim();
  const parsed = rateLimitPolicySchema.safeParse({
    limit: /^\d{1,9}$/.test(text) ? Number(text) : text === "" ? undefined : Number.NaN,
    window: read("window"),
  });
  if (parsed.success) return { ok: true, policy: parsed.data };
  const errors: Partial<Record<RateLimitFormField, string[]>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] === "window" ? "window" : "limit";
    (errors[field] ??= []).push(issue.message);
  }
  return { ok: false, errors };
}

/** The two stored columns (rateLimit, rateLimitWindow) as a policy; anything unreadable is no limit. */
export function policyFromColumns(limit: number | null, window: string | null): RateLimitPolicy | null {
  if (limit === null || window === null) return null;
  const parsed = rateLimitPolicySchema.safeParse({ limit, window });
  return parsed.success ? parsed.data : null;
}

export function columnsOf(policy: RateLimitPolicy | null): {
  rateLimit: number | null;
  rateLimitWindow: string | null;
} {
  return policy
    ? { rateLimit: policy.limit, rateLimitWindow: policy.window }
    : { rateLimit: null, rateLimitWindow: null };
}

export function describeRateLimit(policy: RateLimitPolicy | null): string {
  if (!policy) return "no limit";
  return `${policy.limit.toLocaleString("en-US")} ${policy.limit === 1 ? "request" : "requests"} per ${policy.window}`;
}

/** The limit a request is counted against: the policy and whose budget (one credential, or an app's tokens together). */
export interface AppliedRateLimit extends RateLimitPolicy {
  /** Counter key, unique per database (ids are cuids): "<accountId>:c:<credentialId>" or "<accountId>:app:<appId>". */
  subject: string;
}

export interface RateLimitSources {
  id: string;
  accountId: string;
  own: RateLimitPolicy | null;
  /** The OAuth app an access token belongs to, with the app's limit; null for every other credential. */
  app: { id: string; policy: RateLimitPolicy | null } | null;
  accountDefault: RateLimitPolicy | null;
}

export function appliedRateLimit(sources: RateLimitSources): AppliedRateLimit | null {
  if (sources.app) {
    // Every access token of the app draws on one budget: the app's limit, else the account default.
    const policy = sources.app.policy ?? sources.accountDefault;
    return policy ? { ...policy, subject: `${sources.accountId}:app:${sources.app.id}` } : null;
  }
  const policy = sources.own ?? sources.accountDefault;
  return policy ? { ...policy, subject: `${sources.accountId}:c:${sources.id}` } : null;
}

// The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers, structured fields):
//   RateLimit-Policy: "<name>";q=<quota>;w=<window seconds>
//   RateLimit:        "<name>";r=<remaining>;t=<seconds until the window resets>
// and Retry-After on a refusal. One policy per credential, named "credential", or "app" when
// an OAuth app's tokens share it.
import type { RateLimitOutcome } from "./limiter";
import { WINDOW_SECONDS, type AppliedRateLimit } from "./policy";

export function policyName(applied: AppliedRateLimit): string {
  return applied.subject.includes(":app:") ? "app" : "credential";
}

/**
 * The header fields an answer to a request under `applied` carries. While the counter store is
 * down nothing is counted, so only the policy is sent (the draft lets RateLimit be left out
 * when the server does not know the remaining quota).
 */
export function rateLimitHeaders(applied: AppliedRateLimit, outcome: RateLimitOutcome): Record<string, string> {
  const { name, policy } = policyFieldsOf(applied);
  const headers: Record<string, string> = { "RateLimit-Policy": policy };
  if (outcome.kind !== "unavailable") headers.RateLimit = `${name};r=${outcome.remaining};t=${outcome.resetSeconds}`;
  return headers;
}

/**
 * The parts that do not change from one request to the next, made once per applied limit: it
 * lives in the cached credential record, and this is on every request with a limit.
 */
const policyFields = new WeakMap<AppliedRateLimit, { name: string; policy: string }>();

function policyFieldsOf(applied: AppliedRateLimit): { name: string; policy: string } {
  let fields = policyFields.get(applied);
  if (!fields) {
    const name = `"${policyName(applied)}"`;
    fields = { name, policy: `${name};q=${applied.limit};w=${WINDOW_SECONDS[applied.window]}` };
    policyFields.set(applied, fields);
  }
  return fields;
}

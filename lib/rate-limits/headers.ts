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
  const name = `"${policyName(applied)}"`;
  const headers: Record<string, string> = {
    "RateLimit-Policy": `${name};q=${applied.limit};w=${WINDOW_SECONDS[applied.window]}`,
  };
  if (outcome.kind !== "unavailable") headers.RateLimit = `${name};r=${outcome.remaining};t=${outcome.resetSeconds}`;
  return headers;
}

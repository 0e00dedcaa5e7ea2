// Enforcing a credential's rate limit for the verifier: count the request, and either let it
// through with the header fields every answer carries, or refuse it.
//   Over the limit: 429 with Retry-After (the seconds until the window resets).
//   Counter store down, KEYWARD_RATE_LIMIT_FAILURE=closed: 503 with Retry-After. Not 429: the
//   client sent nothing too many, and a 429 would make it back off as if it had (and the
//   RateLimit fields would have to invent a count); 503 says "this service, try again shortly",
//   which is what an outage is.
import { ProtocolError } from "../http/protocol-error";
import { rateLimitHeaders } from "./headers";
import { rateLimitCounter, type RateLimitCounter, type RateLimitOutcome } from "./limiter";
import type { AppliedRateLimit } from "./policy";

/** Seconds a refused client waits while the store is down: a few reconnection attempts (lib/redis). */
export const STORE_DOWN_RETRY_SECONDS = 5;

/** What a refusal for a rate limit names, for the usage recorder (lib/usage): the credential and why. */
export const RATE_LIMITED = "rate_limited";

/** The headers to put on the answer, or the refusal (carrying them) to answer with. */
export function enforceRateLimit(
  credentialId: string,
  applied: AppliedRateLimit,
  counter: RateLimitCounter = rateLimitCounter(),
): Promise<{ headers: Record<string, string> } | ProtocolError> {
  return Promise.resolve(counter.consume(applied)).then((outcome) => rateLimitAnswer(credentialId, applied, outcome));
}

/**
 * enforceRateLimit's answer for a counted outcome. The verifier asks the counter itself and
 * calls this: no closure and no promise on every request with a limit counted in memory.
 */
export function rateLimitAnswer(
  credentialId: string,
  applied: AppliedRateLimit,
  outcome: RateLimitOutcome,
): { headers: Record<string, string> } | ProtocolError {
  const headers = rateLimitHeaders(applied, outcome);
  if (outcome.kind === "allowed" || (outcome.kind === "unavailable" && outcome.failMode === "open")) {
    return { headers };
  }
  const refused = { credentialId, reason: RATE_LIMITED };
  if (outcome.kind === "limited") {
    return new ProtocolError(429, "rate_limited", `Too many requests: this credential may make ${describe(applied)}`, {
      retryAfterSeconds: outcome.resetSeconds,
      headers,
      refused,
    });
  }
  return new ProtocolError(
    503,
    "temporarily_unavailable",
    "Rate limits cannot be checked right now; try again shortly",
    {
      retryAfterSeconds: STORE_DOWN_RETRY_SECONDS,
      headers,
      refused,
    },
  );
}

function describe(applied: AppliedRateLimit): string {
  return `${applied.limit} ${applied.limit === 1 ? "request" : "requests"} per ${applied.window}`;
}

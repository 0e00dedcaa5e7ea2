// How often one client address may report leaks: the endpoint is public, and every well-formed
// token costs a database look-up, so a caller sending random checksummed tokens is slowed down.
// Per process, in memory (rate-limiter-flexible's RateLimiterMemory): a reporter spread over
// several instances gets each instance's budget, which is still bounded. Kept apart from the
// per-credential limits (lib/rate-limits): this one counts reports, not verifications.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Reports per address per minute; GitHub sends a report per push that leaks, rarely more. */
export const LEAK_REPORTS_PER_MINUTE = 30;

const GLOBAL_KEY = Symbol.for("keyward.leak-report.limiter");
const store = globalThis as unknown as Record<symbol, RateLimiterMemory | undefined>;

function limiter(): RateLimiterMemory {
  store[GLOBAL_KEY] ??= new RateLimiterMemory({ points: LEAK_REPORTS_PER_MINUTE, duration: 60 });
  return store[GLOBAL_KEY];
}

/** Counts one report from `address`; null when it may go on, else the seconds to wait. */
export async function takeLeakReportSlot(address: string | null): Promise<number | null> {
  try {
    // Requests without a known address (no proxy header, tests) share one bucket.
    await limiter().consume(address ?? "unknown");
    return null;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    throw refusal;
  }
}

/** Forgets every count (tests). */
export function resetLeakReportLimits(): void {
  store[GLOBAL_KEY] = undefined;
}

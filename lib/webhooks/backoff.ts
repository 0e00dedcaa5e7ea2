// When a failed delivery is tried again: exponential backoff with full jitter in its upper half
// (so a receiver coming back up is not hit by every instance's retries at the same moment),
// capped, until the delivery's window (24 hours) ends.

/** No wait between two attempts is longer than this, so a receiver that recovers hears soon. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * The wait after attempt `attempt` (1 for the first) failed: base * 2^(attempt-1), capped at
 * MAX_RETRY_DELAY_MS, then a random point in its upper half. `random` is Math.random unless a
 * test pins it.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30), MAX_RETRY_DELAY_MS);
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

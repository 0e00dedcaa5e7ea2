// The windows a rate limit counts over and its bounds, without zod: the browser's form reads
// them too (test/client-bundle-imports.test.ts keeps zod out of client bundles).
export const RATE_LIMIT_WINDOWS = ["second", "minute", "hour"] as const;
export type RateLimitWindow = (typeof RATE_LIMIT_WINDOWS)[number];

export const WINDOW_SECONDS: Record<RateLimitWindow, number> = { second: 1, minute: 60, hour: 3600 };

/** The most requests a limit may allow per window: beyond it a limit is no limit. */
export const MAX_RATE_LIMIT = 1_000_000;

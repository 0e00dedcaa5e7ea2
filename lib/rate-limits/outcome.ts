// What counting one request against a limit answers, whichever store counted it (memory or Redis).
export type RateLimitFailureMode = "open" | "closed";

export type RateLimitOutcome =
  /** Counted and within the limit: `remaining` requests are left, the window resets in `resetSeconds`. */
  | { kind: "allowed"; remaining: number; resetSeconds: number }
  /** Over the limit: refused; the window resets in `resetSeconds` (the Retry-After). */
  | { kind: "limited"; remaining: 0; resetSeconds: number }
  /** The counter store did not answer; `failMode` says whether the request goes through. */
  | { kind: "unavailable"; failMode: RateLimitFailureMode };

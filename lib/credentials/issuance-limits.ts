// Per-user and per-client issuance limits: how many credentials one key may obtain. Each
// limit is reserved inside the transaction that issues the credential, by one atomic
// statement, so it holds under any number of concurrent requests (the pattern of the
// auth-token cap, Account.authTokenCount) and a refusal rolls the whole issuance back.
import type { Tx } from "../db";
import { env, type KeywardEnv } from "../env";

export type IssuanceLimits = KeywardEnv["limits"];

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The limits this process enforces (lib/env.ts: KEYWARD_LIMIT_*). */
export function issuanceLimits(): IssuanceLimits {
  return env().limits;
}

export class IssuanceLimitError extends Error {
  override name = "IssuanceLimitError";
  constructor(
    message: string,
    /** Seconds until the window that refused this issuance ends (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface IssuanceWindowRule {
  /** Whose issuances are counted together, e.g. `tok:<userId>` or `oat:<clientId>`. */
  key: string;
  limit: number;
  windowMs: number;
  /** The refusal's message, given the seconds until the window ends. */
  refusal: (retryAfterSeconds: number) => string;
}

/**
 * Counts one issuance in `key`'s current window, or throws IssuanceLimitError when the window
 * already holds `limit`. A window opens at the first issuance after the previous one ended and
 * lasts `windowMs`, so a burst is counted in one window. Call it inside the issuing
 * transaction and let the error end that transaction: its count is rolled back with it.
 */
export async function reserveIssuance(tx: Tx, rule: IssuanceWindowRule, now: Date): Promise<void> {
  const windowEnd = new Date(now.getTime() + rule.windowMs);
  // Prisma runs this as the database's own upsert (INSERT ... ON CONFLICT DO UPDATE on both
  // SQLite and PostgreSQL): concurrent first issuances cannot both insert, and on PostgreSQL
  // the row stays locked until this transaction ends, so reservations for one key queue here
  // and each sees the count the previous one committed (SQLite serialises transactions).
  const row = await tx.issuanceWindow.upsert({
    where: { key: rule.key },
    create: { key: rule.key, count: 1, windowEnd },
    update: { count: { increment: 1 } },
    select: { count: true, windowEnd: true },
  });
  if (row.windowEnd.getTime() <= now.getTime()) {
    // The previous window is over: this issuance opens the next one.
    await tx.issuanceWindow.update({ where: { key: rule.key }, data: { count: 1, windowEnd } });
    return;
  }
  if (row.count > rule.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((row.windowEnd.getTime() - now.getTime()) / 1000));
    throw new IssuanceLimitError(rule.refusal(retryAfterSeconds), retryAfterSeconds);
  }
}

/**
 * Makes concurrent issuances for `key` take turns until this transaction ends, for limits
 * that count existing rows (active credentials) rather than a window: on PostgreSQL the
 * upsert holds the key row's lock; on SQLite every transaction already runs alone. The row
 * expires a day after its last use and is then purged like a spent window.
 */
export async function serializeIssuance(tx: Tx, key: string, now: Date): Promise<void> {
  const windowEnd = new Date(now.getTime() + 24 * HOUR_MS);
  await tx.issuanceWindow.upsert({
    where: { key },
    create: { key, count: 0, windowEnd },
    update: { windowEnd },
    select: { key: true },
  });
}

export function formatWait(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

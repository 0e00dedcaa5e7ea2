// Failed sign-ins are rate-limited per client address and per account (email). The audit
// log is the counter: every failure is audited anyway, it is shared by every instance on
// PostgreSQL, and the two indexes (action, ip, createdAt) and (action, targetLabel,
// createdAt) make both counts cheap.
import type { Db } from "../db";

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failures per account (email) within the window before that account is locked. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failures per client address within the window before that address is refused. */
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface ThrottleVerdict {
  allowed: boolean;
  /** Whole minutes until the next attempt is allowed (at least 1) when not allowed. */
  retryAfterMinutes: number;
}

async function oldestBlockingFailure(db: Db, where: { targetLabel: string } | { ip: string }, limit: number, since: Date): Promise<Date | null> {
  const recent = await db.auditEvent.findMany({
    where: { action: "auth.sign_in_failed", createdAt: { gt: since }, ...where },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { createdAt: true },
  });
  // Locked while `limit` failures sit inside the window; it opens when the oldest of the
  // latest `limit` leaves it.
  return recent.length >= limit ? (recent[limit - 1]?.createdAt ?? null) : null;
}

export async function checkSignInThrottle(db: Db, email: string, ip: string | null, now = new Date()): Promise<ThrottleVerdict> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const blockers = await Promise.all([
    oldestBlockingFailure(db, { targetLabel: email }, MAX_FAILURES_PER_ACCOUNT, since),
    ip ? oldestBlockingFailure(db, { ip }, MAX_FAILURES_PER_ADDRESS, since) : Promise.resolve(null),
  ]);
  const opensAt = Math.max(...blockers.map((date) => (date ? date.getTime() + SIGN_IN_WINDOW_MS : 0)));
  if (opensAt <= now.getTime()) return { allowed: true, retryAfterMinutes: 0 };
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil((opensAt - now.getTime()) / 60_000)) };
}

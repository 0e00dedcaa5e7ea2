// When an expiry notice is due. A credential gets at most one notice per threshold: 30, 7 and
// 1 days before its expiry, and 0 at it. Two rules keep the mail meaningful:
// - Only the latest due threshold: a credential whose 30- and 7-day thresholds both passed
//   while Keyward was down gets the 7-day notice only (it is in the 7-day window now, and the
//   30-day window lies behind it for good).
// - Never retroactively: a threshold counts only if the credential already existed when it was
//   crossed. A credential created with 5 days left gets the 1-day and the expiry notice, not a
//   "7 days left" mail about the date its creator has just chosen.
// The expiry notice itself is sent up to EXPIRED_NOTICE_DAYS late; a credential that expired
// longer ago (say, before notices were switched on) gets none.

export const DAY_MS = 86_400_000;

/** Days before expiry, latest last; 0 is the notice at expiry. */
export const THRESHOLDS = [30, 7, 1, 0] as const;
export type Threshold = (typeof THRESHOLDS)[number];

/** How late the at-expiry notice may still go out (downtime, a first start with notices on). */
export const EXPIRED_NOTICE_DAYS = 7;

/**
 * The expiresAt range in which `threshold` is the latest due one at `now`: (from, to]. 30 days:
 * more than 7 and at most 30 days left; 0: expired, at most EXPIRED_NOTICE_DAYS ago.
 */
export function thresholdWindow(threshold: Threshold, now: Date): { from: Date; to: Date } {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  switch (threshold) {
    case 30:
      return { from: at(7), to: at(30) };
    case 7:
      return { from: at(1), to: at(7) };
    case 1:
      return { from: now, to: at(1) };
    case 0:
      return { from: at(-EXPIRED_NOTICE_DAYS), to: now };
  }
}

/** Whether the credential existed when the threshold was crossed (see above). */
export function crossedWhileExisting(createdAt: Date, expiresAt: Date, threshold: Threshold): boolean {
  return createdAt.getTime() <= expiresAt.getTime() - threshold * DAY_MS;
}

/** Whole days left, rounded up (29.5 days left reads "30 days"); 0 once expired. */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
}

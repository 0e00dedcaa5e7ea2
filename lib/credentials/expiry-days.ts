// Expiry arithmetic in whole UTC days, shared by the server (the policy, the lists) and the
// client forms (the presets), so it imports nothing: no zod, no database. A credential's date
// means 00:00 UTC at the start of that day (lib/validations/calendar-day.ts).

export const DAY_MS = 86_400_000;

/** The lifetimes the forms offer, as GitHub does; any other N is a "custom" policy or date. */
export const LIFETIME_PRESET_DAYS = [7, 30, 60, 90] as const;

/** The most days a policy may allow (about five years): beyond it, "no maximum" says it better. */
export const MAX_POLICY_DAYS = 1830;

/** "Expiring soon": usable and expiring within this many days. */
export const EXPIRING_SOON_DAYS = 7;

/** 00:00 UTC at the start of the day `now` falls on. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** The day N days after today (UTC), as its 00:00 UTC: what the preset "N days" chooses. */
export function daysFromToday(days: number, now: Date): Date {
  return new Date(startOfUtcDay(now).getTime() + days * DAY_MS);
}

/** YYYY-MM-DD, what <input type="date"> holds. */
export function calendarDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Whole days left before `expiresAt`, rounded up: 1 on its last day, 0 once it has expired.
 * What the lists say ("3 days left").
 */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
}

/** "1 day left", "12 days left", "expires today" (less than a day), "expired". */
export function daysLeftLabel(expiresAt: Date, now: Date): string {
  if (expiresAt.getTime() <= now.getTime()) return "expired";
  if (expiresAt.getTime() - now.getTime() < DAY_MS) return "expires today";
  const days = daysLeft(expiresAt, now);
  return days === 1 ? "1 day left" : `${days} days left`;
}

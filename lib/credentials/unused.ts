// "Unused for N days": credentials never used, or last used more than N days ago, so a super
// admin can find and retire the ones nobody needs. The Credentials list's filter asks here.
import { z } from "zod";
import { DAY_MS } from "./expiry-days";

/** The choices the filter offers, in days. */
export const UNUSED_DAYS = [30, 60, 90] as const;
export type UnusedDays = (typeof UNUSED_DAYS)[number];

/** ?unused=30|60|90; anything else is no filter (as an unknown page number is page 1). */
export const unusedDaysSchema = z
  .enum(UNUSED_DAYS.map(String) as ["30", "60", "90"])
  .transform((value) => Number(value) as UnusedDays)
  .optional()
  .catch(undefined);

/** The moment before which a last use counts as "unused for `days` days" at `now`. */
export function unusedSince(days: UnusedDays, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Never used, or last used before the cut-off, as a database filter. */
export function unusedWhere(days: UnusedDays, now: Date) {
  return { OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: unusedSince(days, now) } }] };
}

/** The same rule for one row, for whoever holds the row already. */
export function isUnused(lastUsedAt: Date | null, days: UnusedDays, now: Date): boolean {
  return lastUsedAt === null || lastUsedAt.getTime() < unusedSince(days, now).getTime();
}

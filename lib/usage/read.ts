// Reading usage back: one credential's 30 days (per UTC day, by refusal reason, its recent
// clients), its refused uses per hour (the credential's history timeline), and which of an
// account's credentials were refused most. Callers check who may see the credential first.
import type { Db } from "../db";
import {
  ACCEPTED,
  isRefusalReason,
  NOT_REFUSED,
  refusalLabel,
  type RefusalReason,
  type UsageOutcome,
} from "./outcomes";
import { HOUR_MS, hourOf } from "./tally";

export const DAY_MS = 86_400_000;
/** Days the Usage section shows. Rows are kept longer (USAGE_RETENTION_DAYS). */
export const USAGE_DAYS_SHOWN = 30;
/** Usage rows and recent clients older than this are deleted by the retention job. */
export const USAGE_RETENTION_DAYS = 90;

export interface UsageDay {
  /** 00:00 UTC of the day. */
  day: Date;
  accepted: number;
  refused: number;
}

export interface RefusedByReason {
  /** A RefusalReason, or a name written by a newer version. */
  reason: string;
  label: string;
  count: number;
}

export interface RecentClient {
  address: string;
  userAgent: string;
  lastSeenAt: Date;
}

export interface CredentialUsageSummary {
  /** USAGE_DAYS_SHOWN days, oldest first, the last one today (UTC). */
  days: UsageDay[];
  accepted: number;
  refused: number;
  /** Most first. */
  refusedByReason: RefusedByReason[];
  /** Most recently seen first, at most 5. */
  clients: RecentClient[];
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export async function credentialUsageSummary(
  db: Db,
  credentialId: string,
  now: Date = new Date(),
): Promise<CredentialUsageSummary> {
  const firstDay = startOfUtcDay(now.getTime()) - (USAGE_DAYS_SHOWN - 1) * DAY_MS;
  const [rows, clients] = await Promise.all([
    db.credentialUsage.findMany({
      where: { credentialId, hour: { gte: hourOf(firstDay) } },
      select: { hour: true, outcome: true, count: true },
    }),
    db.credentialClient.findMany({
      where: { credentialId },
      orderBy: { lastSeenAt: "desc" },
      take: 5,
      select: { address: true, userAgent: true, lastSeenAt: true },
    }),
  ]);
  const days: UsageDay[] = Array.from({ length: USAGE_DAYS_SHOWN }, (_, index) => ({
    day: new Date(firstDay + index * DAY_MS),
    accepted: 0,
    refused: 0,
  }));
  const byReason = new Map<string, number>();
  for (const { hour, outcome, count } of rows) {
    const day = days[Math.floor((hour * HOUR_MS - firstDay) / DAY_MS)];
    if (!day) continue; // an hour after "now" (a clock ahead on another instance)
    if (outcome === ACCEPTED) day.accepted += count;
    else {
      if (!NOT_REFUSED.includes(outcome as UsageOutcome)) day.refused += count;
      byReason.set(outcome, (byReason.get(outcome) ?? 0) + count);
    }
  }
  return {
    days,
    accepted: days.reduce((sum, day) => sum + day.accepted, 0),
    refused: days.reduce((sum, day) => sum + day.refused, 0),
    refusedByReason: [...byReason]
      .map(([reason, count]) => ({ reason, label: refusalLabel(reason), count }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    clients,
  };
}

export interface RefusedHour {
  /** The start of the UTC hour. */
  hour: Date;
  reason: RefusalReason;
  count: number;
}

/**
 * A credential's refused uses per hour and reason from `since` (inclusive, rounded down to its
 * hour) to `until` (exclusive; now when left out), oldest first: for its history timeline.
 */
export async function refusedUsesByHour(
  db: Db,
  credentialId: string,
  range: { since: Date; until?: Date },
): Promise<RefusedHour[]> {
  const rows = await db.credentialUsage.findMany({
    where: {
      credentialId,
      outcome: { not: ACCEPTED },
      hour: { gte: hourOf(range.since.getTime()), lt: hourOf((range.until ?? new Date()).getTime()) + 1 },
    },
    orderBy: [{ hour: "asc" }, { outcome: "asc" }],
    select: { hour: true, outcome: true, count: true },
  });
  return rows.flatMap(({ hour, outcome, count }) =>
    isRefusalReason(outcome) ? [{ hour: new Date(hour * HOUR_MS), reason: outcome, count }] : [],
  );
}

/**
 * The account's credentials refused at least once in the last `days` days, refused most
 * first (ties: the credential id), with their refusal counts; at most `limit` of them.
 */
export async function mostRefusedCredentials(
  db: Db,
  accountId: string,
  options: { days: number; now?: Date; limit?: number },
): Promise<{ credentialId: string; refused: number }[]> {
  const since = hourOf((options.now ?? new Date()).getTime() - options.days * DAY_MS);
  const groups = await db.credentialUsage.groupBy({
    by: ["credentialId"],
    where: { hour: { gte: since }, outcome: { notIn: [...NOT_REFUSED] }, credential: { accountId } },
    _sum: { count: true },
    orderBy: [{ _sum: { count: "desc" } }, { credentialId: "asc" }],
    take: options.limit ?? 1000,
  });
  return groups.map((group) => ({ credentialId: group.credentialId, refused: group._sum.count ?? 0 }));
}

// A credential's history, as its detail page shows it: every audit event whose target it is
// (created, deactivated, reactivated, rolled, replaced, revoked, deleted, expiring, expired...)
// and its first use, in one timeline, newest first. Other sources (refused uses per hour,
// lib/usage) add their own entries through `extra`: anything with a time, a kind, a label and
// a readable detail fits in.
import { actionLabel } from "./filters";
import type { Db } from "../db";
import { REFUSAL_LABELS } from "../usage/outcomes";
import type { RefusedHour } from "../usage/read";

/** One line of the timeline. */
export interface TimelineEntry {
  /** Unique within the timeline (React key): the audit event's id, or the source's own. */
  id: string;
  at: Date;
  /** What happened: the audit action ("credential.revoked"), "credential.first_used", or the extra source's code. */
  kind: string;
  /** What people read: "Credential revoked". */
  label: string;
  /** One readable line, or null. */
  detail: string | null;
  /** Who did it (the actor's email, "system"); null when nobody did (a use). */
  actor?: string | null;
  /** An audit event's details (lib/audit.ts, never a secret), for the page to label. */
  details?: Record<string, unknown>;
}

/** The refused uses of each hour (lib/usage) as timeline lines: "3 refused uses: Rate limited". */
export function refusedUseEntries(hours: RefusedHour[], now: Date = new Date()): TimelineEntry[] {
  // Counted per hour: placed at the hour's end (or now, for the hour still running), so they
  // never sort before a change made earlier in that hour (the revoke they follow, say).
  return hours.map(({ hour, reason, count }) => ({
    id: `refused:${hour.getTime()}:${reason}`,
    at: new Date(Math.min(hour.getTime() + 3_600_000 - 1, now.getTime())),
    kind: "credential.refused_use",
    label: `${count} refused ${count === 1 ? "use" : "uses"}`,
    detail: `${REFUSAL_LABELS[reason]} (in the hour from ${hour.toISOString().slice(11, 16)} UTC)`,
    actor: null,
  }));
}

/** How many audit events the timeline shows; the Audit Log's credential filter has them all. */
export const HISTORY_LIMIT = 100;

// Details every event of a credential repeats (its kind and name are the page's heading).
const REPEATED_DETAILS = new Set(["kind", "name"]);

/** An event's stored details without the ones the page already shows; null when none is left. */
export function historyDetails(stored: string | null): Record<string, unknown> | undefined {
  if (!stored) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    // Written by an older version as plain text: shown as it is.
    return { details: stored };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { details: stored };
  const kept = Object.entries(parsed as Record<string, unknown>).filter(([key]) => !REPEATED_DETAILS.has(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** Newest first; equal times keep a stable order by id (newest id first, as cuids grow). */
export function newestEntryFirst(a: TimelineEntry, b: TimelineEntry): number {
  const byTime = b.at.getTime() - a.at.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The timeline from its parts: audit events, the first use, and any extra entries. */
export function mergeTimeline(...parts: TimelineEntry[][]): TimelineEntry[] {
  return parts.flat().sort(newestEntryFirst);
}

/**
 * The credential's timeline. The caller has already checked that the viewer may see this
 * credential; the account stays in the where all the same, so an id of another account reads
 * nothing.
 */
export async function credentialHistory(
  db: Db,
  accountId: string,
  credential: { id: string; firstUsedAt: Date | null },
  extra: TimelineEntry[] = [],
  limit = HISTORY_LIMIT,
): Promise<TimelineEntry[]> {
  const events = await db.auditEvent.findMany({
    where: { accountId, targetId: credential.id },
    orderBy: [{ accountId: "desc" }, { targetId: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, createdAt: true, action: true, actorLabel: true, details: true },
  });
  const audited: TimelineEntry[] = events.map((event) => {
    const details = historyDetails(event.details);
    return {
      id: event.id,
      at: event.createdAt,
      kind: event.action,
      label: actionLabel(event.action),
      detail: null,
      actor: event.actorLabel,
      ...(details ? { details } : {}),
    };
  });
  const firstUse: TimelineEntry[] = credential.firstUsedAt
    ? [
        {
          id: `first-used-${credential.id}`,
          at: credential.firstUsedAt,
          kind: "credential.first_used",
          label: "First used",
          detail: "The first request it authenticated.",
          actor: null,
        },
      ]
    : [];
  return mergeTimeline(audited, firstUse, extra);
}

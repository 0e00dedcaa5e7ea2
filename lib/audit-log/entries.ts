// Reading the audit log of one account for the Audit Log page: newest first, filtered by
// actor, action, credential and dates, one page at a time.
//
// Why it is shaped like this (the log is append-only and grows without bound):
// - Two partitions. A super admin sees their account's events and the installation-wide
//   ones (accountId null: sign-in attempts for unknown emails, throttling). "accountId = ?
//   OR accountId IS NULL" cannot be read in order off any index, so each partition is read
//   on its own, in index order, and the two short lists are merged here.
// - Keyset pages, not OFFSET. A page is "the 50 rows before (or after) row X" in
//   (createdAt, id) order, so every page costs one short index range per partition however
//   deep it is, and a shared link shows the same rows tomorrow (new events do not shift it).
// - Each filter combination has an index (prisma/schema.prisma, AuditEvent) that starts
//   with accountId and ends with (createdAt, id): the filter columns are equalities, the
//   dates a range, and the rows come out already in page order (no sort, LIMIT stops early).
//   lib/audit-log.test.ts checks the plans on SQLite and PostgreSQL with 10,000 rows (and
//   explains where PostgreSQL's planner rightly takes another index path).
// - The total is counted only up to COUNT_CAP: an exact count of millions of rows is a scan
//   of millions of index entries on every page view, and "more than 10,000" is all an
//   admin needs to know to narrow the filters.
import type { Db } from "../db";
import { PAGE_SIZE } from "../pagination";
import type { AuditCursor, AuditFilters } from "./filters";

export const COUNT_CAP = 10_000;

export interface AuditRow {
  id: string;
  createdAt: Date;
  actorLabel: string;
  action: string;
  targetType: string | null;
  /** The target's id: a credential's links to its page while it exists. */
  targetId: string | null;
  targetLabel: string | null;
  ip: string | null;
  details: string | null;
}

export interface AuditPage {
  rows: AuditRow[];
  /** The last row shown, when older rows exist: the "Older" link reads before it. */
  older: AuditRow | null;
  /** The first row shown, when newer rows exist: the "Newer" link reads after it. */
  newer: AuditRow | null;
  /** Matching events in all, counted up to COUNT_CAP; `capped` when there are more. */
  matching: { count: number; capped: boolean };
}

const rowSelect = {
  id: true,
  createdAt: true,
  actorLabel: true,
  action: true,
  targetType: true,
  targetId: true,
  targetLabel: true,
  ip: true,
  details: true,
} as const;

/**
 * The where clause of one partition: every filter is an equality, the dates and the cursor
 * one createdAt range (the tighter bound of each side, so the database sees one range to
 * seek, not several to intersect), and the cursor's tie-break on id a residual condition:
 * rows before (createdAt c, id i) are "createdAt <= c AND (createdAt < c OR id < i)".
 */
export function partitionWhere(accountId: string | null, filters: AuditFilters, cursor: AuditCursor | null = null) {
  let lower: { gte: Date } | undefined = filters.from ? { gte: filters.from } : undefined;
  let upper: { lt: Date } | { lte: Date } | undefined = filters.toExclusive ? { lt: filters.toExclusive } : undefined;
  let tieBreak = {};
  if (cursor?.direction === "before") {
    if (!filters.toExclusive || cursor.createdAt < filters.toExclusive) upper = { lte: cursor.createdAt };
    tieBreak = { OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] };
  } else if (cursor?.direction === "after") {
    if (!filters.from || cursor.createdAt > filters.from) lower = { gte: cursor.createdAt };
    tieBreak = { OR: [{ createdAt: { gt: cursor.createdAt } }, { id: { gt: cursor.id } }] };
  }
  return {
    // Never undefined: null means "installation-wide events" (IS NULL), a string one account.
    accountId,
    ...(filters.actor !== undefined ? { actorLabel: filters.actor } : {}),
    ...(filters.action !== undefined ? { action: filters.action } : {}),
    ...(filters.credential !== undefined ? { targetId: filters.credential } : {}),
    ...(lower || upper ? { createdAt: { ...lower, ...upper } } : {}),
    ...tieBreak,
  };
}

/** Newest first; ties in createdAt (same millisecond) broken by id, as the indexes are. */
export function newestFirst(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  // ids are cuids (lower-case letters and digits): code-unit order here is the order SQLite
  // (bytes) and PostgreSQL's collations give them, so the merge agrees with the indexes.
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function partitions(accountId: string): (string | null)[] {
  if (!accountId) throw new Error("listAuditEvents: an account is required");
  // Events with no account (sign-in attempts for unknown emails) are shown to every
  // account's super admins: they are attacks on the installation, not on one tenant.
  return [accountId, null];
}

type Direction = "asc" | "desc";

/**
 * (createdAt, id) order, led by the columns the where clause fixes, in the order of the
 * index for this filter combination. Those leading keys change nothing (each is one value
 * within a partition) but they let the planner read the rows in index order: PostgreSQL
 * does not treat "accountId IS NULL" as fixing accountId, and without the leading key it
 * reads the whole installation-wide partition and sorts it. Plain asc/desc (no NULLS
 * FIRST/LAST) is what each database's index scan yields for a null accountId.
 */
export function indexOrder(filters: AuditFilters, direction: Direction) {
  // One credential's events are few and read off (accountId, targetId, createdAt, id); any
  // other filter with it is a residual condition on those rows.
  if (filters.credential !== undefined)
    return [{ accountId: direction }, { targetId: direction }, { createdAt: direction }, { id: direction }];
  return [
    { accountId: direction },
    ...(filters.actor !== undefined ? [{ actorLabel: direction }] : []),
    ...(filters.action !== undefined ? [{ action: direction }] : []),
    { createdAt: direction },
    { id: direction },
  ];
}

async function readPage(
  db: Db,
  accountId: string,
  filters: AuditFilters,
  cursor: AuditCursor | null,
  pageSize: number,
): Promise<{ rows: AuditRow[]; more: boolean }> {
  const ascending = cursor?.direction === "after";
  const lists = await Promise.all(
    partitions(accountId).map((partition) =>
      db.auditEvent.findMany({
        where: partitionWhere(partition, filters, cursor),
        orderBy: indexOrder(filters, ascending ? "asc" : "desc"),
        take: pageSize + 1,
        select: rowSelect,
      }),
    ),
  );
  const merged = lists.flat().sort(newestFirst);
  if (ascending) merged.reverse();
  const more = merged.length > pageSize;
  const rows = merged.slice(0, pageSize);
  if (ascending) rows.reverse();
  return { rows, more };
}

/** Events matching the filters in both partitions, counted up to `cap`. */
export async function countAuditEvents(
  db: Db,
  accountId: string,
  filters: AuditFilters,
  cap = COUNT_CAP,
): Promise<{ count: number; capped: boolean }> {
  const counts = await Promise.all(
    partitions(accountId).map((partition) =>
      db.auditEvent.count({
        where: partitionWhere(partition, filters),
        // Without an orderBy Prisma orders the capped sub-select by id, which no filter
        // index yields; in index order the count is an index scan that the LIMIT stops.
        orderBy: indexOrder(filters, "desc"),
        take: cap + 1,
      }),
    ),
  );
  const count = counts.reduce((sum, n) => sum + n, 0);
  return count > cap ? { count: cap, capped: true } : { count, capped: false };
}

export async function listAuditEvents(
  db: Db,
  accountId: string,
  filters: AuditFilters,
  cursor: AuditCursor | null = null,
  pageSize = PAGE_SIZE,
): Promise<AuditPage> {
  const [page, matching] = await Promise.all([
    readPage(db, accountId, filters, cursor, pageSize),
    countAuditEvents(db, accountId, filters),
  ]);
  const { rows, more } = page;
  const firstRow = rows[0] ?? null;
  const lastRow = rows[rows.length - 1] ?? null;
  // Reading before a cursor means the cursor row (and so a newer page) exists, and the
  // other way round; a hand-made cursor may be wrong, and then that page is simply empty.
  const olderExists = cursor?.direction === "after" ? true : more;
  const newerExists = cursor === null ? false : cursor.direction === "before" ? true : more;
  return {
    rows,
    older: olderExists ? lastRow : null,
    newer: newerExists ? firstRow : null,
    matching,
  };
}

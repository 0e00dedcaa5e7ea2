// "Expiring soon": credentials still usable now that expire within EXPIRING_SOON_DAYS. Every
// list's filter (?expiring=soon) and the dashboard ask here, so they agree on what "soon" is.
// Served by the (userId, expiresAt) and (accountId, expiresAt) indexes.
import type { Db } from "../db";
import type { Page } from "../pagination";
import { DAY_MS, EXPIRING_SOON_DAYS } from "./expiry-days";
import { kindByCode } from "./kinds";
import { replacementPath } from "./replacement-path";

/** The list filter's query parameter and value: ?expiring=soon. */
export const EXPIRING_PARAM = "expiring";
export const EXPIRING_SOON = "soon";

export function isExpiringSoonFilter(value: string | string[] | undefined): boolean {
  return value === EXPIRING_SOON;
}

/**
 * Usable now (active, not rolled, not expired) and expiring within the window, as a database
 * filter. A rolled key is left out: it is on its way out on purpose and already has its successor.
 */
export function expiringSoonWhere(now: Date) {
  return {
    status: "active",
    rolledAt: null,
    expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRING_SOON_DAYS * DAY_MS) },
  };
}

/** Whether one row is expiring soon: what a list computes per row, the filter's rule in code. */
export function isExpiringSoon(
  row: { status: string; rolledAt: Date | null; expiresAt: Date | null },
  now: Date,
): boolean {
  return (
    row.status === "active" &&
    row.rolledAt === null &&
    row.expiresAt !== null &&
    row.expiresAt.getTime() > now.getTime() &&
    row.expiresAt.getTime() <= now.getTime() + EXPIRING_SOON_DAYS * DAY_MS
  );
}

export interface ExpiringCredential {
  id: string;
  kind: string;
  kindLabel: string;
  name: string;
  hint: string;
  expiresAt: Date;
  owner: string | null;
  /** Where Create replacement opens for it; null: its kind has none, or it was replaced already. */
  replacementPath: string | null;
  replacedBy: { id: string; hint: string } | null;
}

const MOST = 50;

async function expiring(
  db: Db,
  where: { userId: string } | { accountId: string },
  now: Date,
): Promise<ExpiringCredential[]> {
  const rows = await db.credential.findMany({
    where: { ...where, ...expiringSoonWhere(now) },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    take: MOST,
    select: {
      id: true,
      kind: true,
      name: true,
      hint: true,
      expiresAt: true,
      replacedById: true,
      user: { select: { email: true } },
    },
  });
  const replacements = await replacementHints(
    db,
    rows.map((row) => row.replacedById),
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    kindLabel: kindByCode(row.kind)?.label ?? row.kind,
    name: row.name,
    hint: row.hint,
    expiresAt: row.expiresAt!,
    owner: row.user?.email ?? null,
    replacementPath: row.replacedById ? null : replacementPath(row.kind, row.id),
    replacedBy: row.replacedById ? (replacements.get(row.replacedById) ?? null) : null,
  }));
}

/** The signed-in user's own credentials expiring soon, soonest first. */
export function expiringForUser(db: Db, userId: string, now: Date = new Date()): Promise<ExpiringCredential[]> {
  return expiring(db, { userId }, now);
}

/** Every credential of the account expiring soon (a super admin's view), soonest first. */
export function expiringInAccount(db: Db, accountId: string, now: Date = new Date()): Promise<ExpiringCredential[]> {
  return expiring(db, { accountId }, now);
}

/** The hints of replacements, by id: what "Replaced by …" shows. */
export async function replacementHints(
  db: Pick<Db, "credential">,
  ids: (string | null)[],
): Promise<Map<string, { id: string; hint: string }>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.credential.findMany({ where: { id: { in: wanted } }, select: { id: true, hint: true } });
  return new Map(rows.map((row) => [row.id, row]));
}

/** What every list adds to a row: whether it expires soon, and what replaced it ("Replaced by …"). */
export interface ExpiryFacts {
  expiringSoon: boolean;
  replacedBy: { id: string; hint: string } | null;
}

/** Adds ExpiryFacts to a page of rows (one more query, for the replacements' hints). */
export async function withExpiryFacts<
  R extends { status: string; rolledAt: Date | null; expiresAt: Date | null; replacedById: string | null },
>(db: Pick<Db, "credential">, page: Page<R>, now: Date): Promise<Page<R & ExpiryFacts>> {
  const hints = await replacementHints(
    db,
    page.rows.map((row) => row.replacedById),
  );
  return {
    ...page,
    rows: page.rows.map((row) => ({
      ...row,
      expiringSoon: isExpiringSoon(row, now),
      // A rolled key's successor is its roll ("Rolled until …" says it); "Replaced by" is Create replacement's.
      replacedBy: row.replacedById && row.rolledAt === null ? (hints.get(row.replacedById) ?? null) : null,
    })),
  };
}

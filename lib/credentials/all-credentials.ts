// "Credentials" (super admin): every credential of the account, of every kind, newest first,
// filterable by kind and state, with a revoke for the kinds whose lifecycle ends in a revoke.
// SPEC: the super admin "sees every credential". Auth tokens keep their own gear menu (API
// Access) and the account API key is never changed, so neither is revoked from here.
import { z } from "zod";
import { actorOf, recordAudit, type RequestContext } from "../audit";
import type { Db } from "../db";
import { PAGE_SIZE, pageCount, pageWindow, type Page } from "../pagination";
import type { Prisma } from "../generated/sqlite/client";
import { mostRefusedCredentials } from "../usage/read";
import { type Admin } from "./actor";
import { searchTextSchema, textSearchWhere } from "./credential-search";
import { CredentialRuleError } from "./errors";
import { EXPIRING_SOON, expiringSoonWhere, type ExpiryFacts, withExpiryFacts } from "./expiring";
import { credentialKinds, kindByCode } from "./kinds";
import {
  allowedOperations,
  assertAllowed,
  credentialState,
  CREDENTIAL_STATES,
  graceEndsAt,
  stateWhere,
  type CredentialState,
  type Operation,
} from "./lifecycle";
import { assertSuperAdmin } from "./require-super-admin";
import { changeCredentials, CREDENTIAL_ROW_COLUMNS, credentialPage } from "./store";
import { unusedDaysSchema, unusedWhere } from "./unused";

/** Kinds stored as Credential rows (authorization codes have their own table). */
export function listedKinds() {
  return credentialKinds().filter((kind) => !kind.notStored);
}

export { CREDENTIAL_STATES };

/** The windows of the "refused most" filter, in days. */
export const REFUSED_MOST_DAYS = ["7", "30"] as const;
/** "Refused most" ranks at most this many credentials (the ones refused most). */
const REFUSED_MOST_LIMIT = 1000;

export const credentialFiltersSchema = z.object({
  // Checked against the registry when parsed, so every registered kind is a filter.
  kind: z
    .string()
    .refine((code) => listedKinds().some((kind) => kind.code === code))
    .optional()
    .catch(undefined),
  state: z.enum(CREDENTIAL_STATES).optional().catch(undefined),
  /** ?expiring=soon: usable and expiring within 7 days (expiring.ts). */
  expiring: z.literal(EXPIRING_SOON).optional().catch(undefined),
  /** ?q=: a text search by name, hint or owner email; never a secret (credential-search.ts). */
  q: searchTextSchema,
  /** ?refused=7|30: only those refused in the last 7 or 30 days, refused most first (lib/usage). */
  refused: z.enum(REFUSED_MOST_DAYS).optional().catch(undefined),
  /** ?unused=30|60|90: never used, or last used more than that many days ago (unused.ts). */
  unused: unusedDaysSchema,
  /** One user's credentials (linked from their profile); the account stays in the where too. */
  user: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .catch(undefined),
});
export type CredentialFilters = z.infer<typeof credentialFiltersSchema>;

export interface AccountCredentialRow {
  id: string;
  kind: string;
  kindLabel: string;
  name: string;
  hint: string;
  state: CredentialState;
  /** A rolled credential's grace end while its grace period runs, else null (lifecycle.ts). */
  graceEndsAt: Date | null;
  owner: string | null;
  /** The owner's user id (their profile), or null for ownerless kinds. */
  ownerId: string | null;
  oauthApp: string | null;
  scopes: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** The first accepted use (verifier/last-used.ts); null: never used since it was recorded. */
  firstUsedAt: Date | null;
  expiresAt: Date | null;
  status: string;
  rolledAt: Date | null;
  replacedById: string | null;
  /** What a super admin may do with it from this page (the kind's policy, lifecycle.ts). */
  actions: Operation[];
  revocable: boolean;
  /** With the "refused most" filter: its refused requests in the chosen window. */
  refused?: number;
}

export async function listAccountCredentials(
  db: Db,
  accountId: string,
  filters: CredentialFilters,
  page: number,
  pageSize = PAGE_SIZE,
  now: Date = new Date(),
  only?: { id: string } | { ids: string[] },
): Promise<Page<AccountCredentialRow & ExpiryFacts>> {
  const where = {
    accountId,
    ...(only ? { id: "id" in only ? only.id : { in: only.ids } } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.user ? { userId: filters.user } : {}),
    ...stateWhere(filters.state, now),
    // Last: "expiring soon" is itself a state (active) and a window, "unused" a window on last
    // use, and the text search (credential-search.ts) an OR over name, hint and owner; each is
    // an OR of its own, so together they narrow whatever else is chosen.
    AND: [
      ...(filters.expiring ? [expiringSoonWhere(now)] : []),
      ...(filters.unused ? [unusedWhere(filters.unused, now)] : []),
      ...(filters.q ? [textSearchWhere(db, filters.q)] : []),
    ],
  };
  if (filters.refused && !only) {
    return listMostRefused(db, accountId, where, { ...filters, days: Number(filters.refused) }, page, pageSize, now);
  }
  const found = await credentialPage(
    db,
    where,
    {
      ...CREDENTIAL_ROW_COLUMNS,
      kind: true,
      scopes: true,
      firstUsedAt: true,
      user: { select: { id: true, email: true } },
      oauthClient: { select: { name: true } },
    },
    { page, pageSize },
    (row) => {
      const state = credentialState(row, now);
      const kind = kindByCode(row.kind);
      // Only the Credentials page's revoke: the API Access and API Keys pages offer the rest.
      const actions = kind
        ? allowedOperations(kind, state, "super_admin").filter((operation) => operation === "revoke")
        : [];
      return {
        id: row.id,
        kind: row.kind,
        kindLabel: kind?.label ?? row.kind,
        name: row.name,
        hint: row.hint,
        state,
        graceEndsAt: graceEndsAt(row, now),
        owner: row.user?.email ?? null,
        ownerId: row.user?.id ?? null,
        oauthApp: row.oauthClient?.name ?? null,
        scopes: row.scopes,
        createdAt: row.createdAt,
        lastUsedAt: row.lastUsedAt,
        firstUsedAt: row.firstUsedAt,
        expiresAt: row.expiresAt,
        status: row.status,
        rolledAt: row.rolledAt,
        replacedById: row.replacedById,
        actions,
        revocable: actions.includes("revoke"),
      };
    },
  );
  return withExpiryFacts(db, found, now);
}

/**
 * "Refused most": the credentials matching the other filters that were refused in the last
 * `days` days, refused most first, with their counts.
 */
async function listMostRefused(
  db: Db,
  accountId: string,
  where: Prisma.CredentialWhereInput,
  filters: CredentialFilters & { days: number },
  page: number,
  pageSize: number,
  now: Date,
): Promise<Page<AccountCredentialRow & ExpiryFacts>> {
  const ranked = await mostRefusedCredentials(db, accountId, { days: filters.days, now, limit: REFUSED_MOST_LIMIT });
  const refused = new Map(ranked.map((row) => [row.credentialId, row.refused]));
  const rank = new Map(ranked.map((row, index) => [row.credentialId, index]));
  const matching = (
    await db.credential.findMany({ where: { AND: [where, { id: { in: [...rank.keys()] } }] }, select: { id: true } })
  )
    .map((row) => row.id)
    .sort((a, b) => rank.get(a)! - rank.get(b)!);
  const { skip, take } = pageWindow(page, pageSize);
  const ids = matching.slice(skip, skip + take);
  const found = await listAccountCredentials(db, accountId, { ...filters, refused: undefined }, 1, take, now, { ids });
  return {
    rows: found.rows
      .map((row) => ({ ...row, refused: refused.get(row.id) ?? 0 }))
      .sort((a, b) => rank.get(a.id)! - rank.get(b.id)!),
    page,
    pageCount: pageCount(matching.length, pageSize),
    total: matching.length,
  };
}

/**
 * One credential of the account as the Credentials list shows it, for its detail page; null when
 * the id is unknown, of another account, or of a kind not stored as a credential row.
 */
export async function getAccountCredential(
  db: Db,
  accountId: string,
  id: string,
  now: Date = new Date(),
): Promise<(AccountCredentialRow & ExpiryFacts) | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const found = await listAccountCredentials(db, accountId, {}, 1, 1, now, { id });
  return found.rows[0] ?? null;
}

/** A super admin's revoke of any credential the kind lets a super admin revoke: refused at once. */
export async function revokeAccountCredential(
  db: Db,
  admin: Admin,
  credentialId: string,
  context: RequestContext,
  now: Date = new Date(),
): Promise<void> {
  assertSuperAdmin(admin);
  await changeCredentials(db, async (tx) => {
    // The account is in the where: another account's credential is "not found", never touched.
    const row = await tx.credential.findFirst({
      where: { id: credentialId, accountId: admin.accountId },
      select: {
        id: true,
        kind: true,
        hint: true,
        name: true,
        status: true,
        expiresAt: true,
        rolledAt: true,
        user: { select: { email: true } },
      },
    });
    const kind = row ? kindByCode(row.kind) : undefined;
    if (!row || !kind) throw new CredentialRuleError("No such credential.", null, "not_found");
    assertAllowed(kind, "revoke", "super_admin", credentialState(row, now), "This credential is already revoked.");
    const changed = await tx.credential.updateMany({
      where: { id: row.id, status: { not: "revoked" } },
      data: { status: "revoked", revokedAt: now },
    });
    if (changed.count === 0) throw new CredentialRuleError("This credential is already revoked.");
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "credential.revoked",
      target: { type: row.kind, id: row.id, label: row.hint },
      context,
      details: { kind: row.kind, name: row.name, owner: row.user?.email ?? null, from: "Credentials page" },
    });
  });
}

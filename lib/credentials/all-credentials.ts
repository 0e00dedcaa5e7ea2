// "Credentials" (super admin): every credential of the account, of every kind, newest first,
// filterable by kind and state, with a revoke for the kinds whose lifecycle ends in a revoke.
// SPEC: the super admin "sees every credential". Auth tokens keep their own gear menu (API
// Access) and the account API key is never changed, so neither is revoked from here.
import { z } from "zod";
import { recordAudit, type RequestContext } from "../audit";
import type { CurrentUser } from "../auth/current-user";
import type { Db } from "../db";
import { pageCount, pageWindow, PAGE_SIZE, type Page } from "../pagination";
import { invalidateCredentialCache } from "../verifier/cache";
import { actorOf } from "./actor";
import { CredentialRuleError } from "./errors";
import { CREDENTIAL_KINDS, kindByCode } from "./kinds";
import { assertSuperAdmin } from "./require-super-admin";
import { credentialState, type CredentialState } from "./status";

type Admin = Pick<CurrentUser, "id" | "email" | "accountId" | "role">;

/** Kinds stored as Credential rows (authorization codes have their own table). */
export const LISTED_KINDS = CREDENTIAL_KINDS.filter((kind) => kind.code !== "ac");
/** Kinds a super admin may revoke from the Credentials page. */
export const ADMIN_REVOCABLE_KINDS = ["pat", "key", "tok", "oat", "cs"] as const;

export const CREDENTIAL_STATES = ["active", "inactive", "expired", "revoked"] as const satisfies readonly CredentialState[];

export const credentialFiltersSchema = z.object({
  kind: z.enum(LISTED_KINDS.map((kind) => kind.code) as [string, ...string[]]).optional().catch(undefined),
  state: z.enum(CREDENTIAL_STATES).optional().catch(undefined),
});
export type CredentialFilters = z.infer<typeof credentialFiltersSchema>;

function stateWhere(state: CredentialState | undefined, now: Date) {
  const live = { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  switch (state) {
    case "active":
      return { status: "active", ...live };
    case "inactive":
      return { status: "inactive", ...live };
    case "expired":
      return { status: { not: "revoked" }, expiresAt: { lte: now } };
    case "revoked":
      return { status: "revoked" };
    default:
      return {};
  }
}

export interface AccountCredentialRow {
  id: string;
  kind: string;
  kindLabel: string;
  name: string;
  hint: string;
  state: CredentialState;
  owner: string | null;
  oauthApp: string | null;
  scopes: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revocable: boolean;
}

export async function listAccountCredentials(db: Db, accountId: string, filters: CredentialFilters, page: number, pageSize = PAGE_SIZE, now: Date = new Date()): Promise<Page<AccountCredentialRow>> {
  const where = { accountId, ...(filters.kind ? { kind: filters.kind } : {}), ...stateWhere(filters.state, now) };
  const [total, rows] = await Promise.all([
    db.credential.count({ where }),
    db.credential.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, pageSize),
      select: { id: true, kind: true, name: true, hint: true, status: true, scopes: true, expiresAt: true, createdAt: true, lastUsedAt: true, user: { select: { email: true } }, oauthClient: { select: { name: true } } },
    }),
  ]);
  return {
    rows: rows.map((row) => {
      const state = credentialState(row, now);
      return {
        id: row.id,
        kind: row.kind,
        kindLabel: kindByCode(row.kind)?.label ?? row.kind,
        name: row.name,
        hint: row.hint,
        state,
        owner: row.user?.email ?? null,
        oauthApp: row.oauthClient?.name ?? null,
        scopes: row.scopes,
        createdAt: row.createdAt,
        lastUsedAt: row.lastUsedAt,
        expiresAt: row.expiresAt,
        revocable: state !== "revoked" && (ADMIN_REVOCABLE_KINDS as readonly string[]).includes(row.kind),
      };
    }),
    page,
    pageCount: pageCount(total, pageSize),
    total,
  };
}

/** A super admin's revoke of any revocable credential of the account: refused at once. */
export async function revokeAccountCredential(db: Db, admin: Admin, id: string, context: RequestContext, now: Date = new Date()): Promise<void> {
  assertSuperAdmin(admin);
  await db.$transaction(async (tx) => {
    // The account is in the where: another account's credential is "not found", never touched.
    const row = await tx.credential.findFirst({ where: { id, accountId: admin.accountId }, select: { id: true, kind: true, hint: true, name: true, status: true, user: { select: { email: true } } } });
    if (!row) throw new CredentialRuleError("No such credential.", null, "not_found");
    if (!(ADMIN_REVOCABLE_KINDS as readonly string[]).includes(row.kind)) {
      throw new CredentialRuleError(row.kind === "at" ? "Auth tokens are deactivated or deleted under My Account → API Access." : "The account API key is never revoked or changed.");
    }
    const changed = await tx.credential.updateMany({ where: { id: row.id, status: { not: "revoked" } }, data: { status: "revoked", revokedAt: now } });
    if (changed.count === 0) throw new CredentialRuleError("This credential is already revoked.");
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "credential.revoked",
      target: { type: row.kind, id: row.id, label: row.hint },
      context,
      details: { kind: row.kind, name: row.name, owner: row.user?.email ?? null, from: "Credentials page" },
    });
  });
  invalidateCredentialCache();
}

// The list a super admin's page of one kind shows (API Keys, API Access): the account's
// credentials of that kind, newest first, each with its owner and its lifecycle as a super
// admin sees it. Each page shapes the rows its own way; what it reads and how is said once here.
import type { Db } from "../db";
import type { Prisma } from "../generated/sqlite/client";
import type { Page } from "../pagination";
import type { CredentialKind } from "./kind";
import { expiringSoonWhere } from "./expiring";
import { rowLifecycle } from "./lifecycle";
import { NARROWING_COLUMNS, summaryOf } from "./narrowing";
import { CREDENTIAL_ROW_COLUMNS, credentialPage } from "./store";

const KIND_ROW_COLUMNS = {
  ...CREDENTIAL_ROW_COLUMNS,
  ...NARROWING_COLUMNS,
  user: { select: { id: true, email: true, name: true, role: true } },
} as const satisfies Prisma.CredentialSelect;

/** One credential of the list, in parts, for the page to shape into its row. */
export interface KindListEntry {
  /** The columns every list reads (CREDENTIAL_ROW_COLUMNS). */
  row: Prisma.CredentialGetPayload<{ select: typeof CREDENTIAL_ROW_COLUMNS }>;
  /** As stored: space-separated, or null for the owner's own privileges. */
  scopes: string | null;
  /** The user whose privileges it carries. */
  owner: { id: string; email: string; name: string } | null;
  lifecycle: ReturnType<typeof rowLifecycle>;
  /** Its narrowing in a few words, within its owner's role (narrowing.ts summaryOf). */
  permissions: string;
}

/** One page of the account's credentials of `kind`, each shaped by `shape`. */
export async function listAccountKind<R>(
  db: Db,
  accountId: string,
  kind: CredentialKind,
  window: { page: number; pageSize: number; now: Date; expiringSoon?: boolean },
  shape: (entry: KindListEntry) => R,
): Promise<Page<R>> {
  return credentialPage(
    db,
    { accountId, kind: kind.code, ...(window.expiringSoon ? expiringSoonWhere(window.now) : {}) },
    KIND_ROW_COLUMNS,
    { page: window.page, pageSize: window.pageSize },
    ({ user, scopes, onlyChosenAdvertisers, onlyChosenPublishers, grants, ...row }) =>
      shape({
        row,
        scopes,
        owner: user && { id: user.id, email: user.email, name: user.name },
        lifecycle: rowLifecycle(kind, row, "super_admin", window.now),
        permissions: summaryOf(user?.role ?? "", { scopes, onlyChosenAdvertisers, onlyChosenPublishers, grants }),
      }),
  );
}

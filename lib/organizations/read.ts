// Reading advertisers and publishers within a member's reach (reach.ts): the paged, searchable
// list the screens and GET /advertisers.json show, and one by its key.
import type { Db } from "../db";
import { readPage, type Page } from "../pagination";
import type { OrganizationKind } from "../validations/organization";
import { OrganizationError } from "./errors";
import { nameKey } from "./name-key";
import { assertWithinGrant, ownOrganization, reachWhere, type Member } from "./reach";
import { findOrganization, KIND_LABELS, ORGANIZATION_SELECT, organizationTable, type OrganizationRow } from "./rows";

export interface OrganizationQuery {
  /**
   * Matches names containing it (any case) and the one network id equal to it: ids are codes
   * typed whole, and `_`, allowed in them, is a LIKE wildcard that a prefix match would obey.
   */
  search?: string;
  page: number;
  pageSize: number;
}

export async function listOrganizations(
  db: Db,
  member: Member,
  kind: OrganizationKind,
  query: OrganizationQuery,
): Promise<Page<OrganizationRow>> {
  const search = query.search?.trim();
  const where = {
    AND: [
      reachWhere(member, kind),
      ...(search ? [{ OR: [{ nameKey: { contains: nameKey(search) } }, { idFromNetwork: search }] }] : []),
    ],
  };
  const table = organizationTable(db, kind);
  return readPage(
    query.page,
    query.pageSize,
    () => table.count({ where }),
    // Name order within the account is the (accountId, name) index. Names are unique within the
    // account (the nameKey index, and equal names fold equal), so no tie-breaker is needed for
    // pages never to overlap, and none is added: a second sort key would cost a sort.
    (window) => table.findMany({ where, orderBy: { name: "asc" }, ...window, select: ORGANIZATION_SELECT }),
    (row) => row as OrganizationRow,
  );
}

/**
 * One organization by its id from network (or Keyward's id). A member confined to their own is
 * refused anything else as forbidden, whether it exists or not, so the answer tells them nothing
 * about the rest of the network, and so is a narrowed credential anything outside its grant; for
 * everyone else a missing one is not_found.
 */
export async function readOrganization(
  db: Db,
  member: Member,
  kind: OrganizationKind,
  key: string,
): Promise<OrganizationRow> {
  const own = ownOrganization(member, kind);
  const row = await findOrganization(db, member.accountId, kind, key);
  if (own !== undefined && (row === null || row.id !== own)) {
    throw new OrganizationError("forbidden", `This user reaches their own ${kind} only`);
  }
  assertWithinGrant(member, kind, key, row);
  if (!row)
    throw new OrganizationError("not_found", `No ${KIND_LABELS[kind].one.toLowerCase()} ${key} in this network`);
  return row;
}

// Who reaches which advertisers and publishers: super admins and network users the whole
// network, and may change it; an advertiser user their own advertiser only, a publisher user
// their own publisher only, read-only. The screens (by the session's user) and the API (by the
// credential's owner) both ask here, and every query carries the answer in its where clause.
import type { Role } from "../access/roles";
import type { OrganizationKind } from "../validations/organization";

export interface Member {
  accountId: string;
  role: Role | string;
  advertiserId: string | null;
  publisherId: string | null;
}

export function mayManageOrganizations(member: Pick<Member, "role">): boolean {
  return member.role === "super_admin" || member.role === "network_user";
}

/** The one organization a member is confined to; undefined: the whole network; null: none at all. */
export function ownOrganization(member: Member, kind: OrganizationKind): string | null | undefined {
  if (mayManageOrganizations(member)) return undefined;
  if (kind === "advertiser") return member.role === "advertiser_user" ? member.advertiserId : null;
  return member.role === "publisher_user" ? member.publisherId : null;
}

/**
 * The where clause of everything this member may read. Never an undefined filter that matches
 * every row: confined members get their own id, or one no row has.
 */
export function reachWhere(member: Member, kind: OrganizationKind): { accountId: string; id?: string } {
  const own = ownOrganization(member, kind);
  if (own === undefined) return { accountId: member.accountId };
  // "" is no row's id (ids are cuids); a NUL byte here, as before, is an error on PostgreSQL.
  return { accountId: member.accountId, id: own ?? "" };
}

// Who reaches which advertisers and publishers: super admins and network users the whole
// network, and may change it; an advertiser user their own advertiser only, a publisher user
// their own publisher only, read-only. The screens (by the session's user) and the API (by the
// credential's owner) both ask here, and every query carries the answer in its where clause.
// A narrowed credential (lib/access/narrowing.ts) reaches only the intersection of its owner's
// reach and its grant: the API's member carries the grant, the screens' never does.
import { chosenOf, grantReaches, isConfined, type OrganizationGrant } from "../access/narrowing";
import type { Role } from "../access/roles";
import type { OrganizationKind } from "../validations/organization";
import { OrganizationError } from "./errors";

export interface Member {
  accountId: string;
  role: Role | string;
  advertiserId: string | null;
  publisherId: string | null;
  /** The credential's chosen organizations (API calls only); absent or null lists: all of the member's reach. */
  grant?: OrganizationGrant;
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

/** What a where clause puts on the organization's id: one id, or the ids of a grant. */
export type ReachIdFilter = string | { in: string[] };

/**
 * The where clause of everything this member may read. Never an undefined filter that matches
 * every row: confined members get their own id, or one no row has; a narrowed credential its
 * chosen ids (none chosen left: an empty list, which matches nothing).
 */
export function reachWhere(member: Member, kind: OrganizationKind): { accountId: string; id?: ReachIdFilter } {
  const own = ownOrganization(member, kind);
  const chosen = chosenOf(member.grant, kind);
  if (own === undefined)
    return chosen === null ? { accountId: member.accountId } : { accountId: member.accountId, id: { in: [...chosen] } };
  // "" is no row's id (ids are cuids); a NUL byte here, as before, is an error on PostgreSQL.
  const id = own !== null && (chosen === null || chosen.includes(own)) ? own : "";
  return { accountId: member.accountId, id };
}

/**
 * Refuses a narrowed credential any organization outside its grant, with one message whether
 * the key exists or not (and so also the creation of a new one, which no grant can hold): the
 * answer must not tell which keys exist in the rest of the network.
 */
export function assertWithinGrant(
  member: Member,
  kind: OrganizationKind,
  key: string,
  found: { id: string } | null,
): void {
  if (grantReaches(member.grant, kind, found?.id ?? null)) return;
  throw new OrganizationError(
    "forbidden",
    `This credential is limited to chosen ${kind}s, and ${kind} ${key} is not one of them`,
  );
}

/**
 * The users a member may list: their whole reach, less, for a credential confined to chosen
 * organizations, everyone but its owner and the users of the organizations it reaches (network
 * staff belong to no organization, so a confined credential does not list them).
 */
export function grantedUsersWhere(member: Member, ownerId: string): object | null {
  if (!isConfined(member.grant)) return null;
  const within = (kind: OrganizationKind) => {
    const chosen = chosenOf(member.grant, kind);
    return chosen === null ? { not: null } : { in: [...chosen] };
  };
  return { OR: [{ id: ownerId }, { advertiserId: within("advertiser") }, { publisherId: within("publisher") }] };
}

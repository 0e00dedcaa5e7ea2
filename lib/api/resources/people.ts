// The users a caller may list through the API: the whole network for super admins and
// network users; advertiser and publisher users see themselves only; a credential narrowed to
// chosen organizations, their users only (lib/organizations/reach.ts grantedUsersWhere).
import type { Db } from "../../db";
import { grantedUsersWhere, reachWhere } from "../../organizations/reach";
import type { Principal } from "../../verifier/verify";
import { memberOf } from "./organizations";

export async function listVisibleUsers(db: Db, principal: Principal, page: number, pageSize: number) {
  const wide = principal.user.role === "super_admin" || principal.user.role === "network_user";
  const reach = wide ? { accountId: principal.accountId } : { accountId: principal.accountId, id: principal.user.id };
  const granted = grantedUsersWhere(memberOf(principal), principal.user.id);
  const where = granted ? { AND: [reach, granted] } : reach;
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, email: true, name: true, role: true, status: true, isApiUser: true },
    }),
  ]);
  return {
    total,
    users: rows.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      status: u.status,
      api_user: u.isApiUser,
    })),
  };
}

/** A summary of what the caller can reach: the generic guide's "data" endpoint. */
export async function visibleDataSummary(db: Db, principal: Principal) {
  const role = principal.user.role;
  const wide = role === "super_admin" || role === "network_user";
  const member = memberOf(principal);
  // reach.ts's where: the whole account for the wide roles, else the member's own organization,
  // each within a narrowed credential's grant.
  const [account, advertisers, publishers] = await Promise.all([
    db.account.findUniqueOrThrow({ where: { id: principal.accountId }, select: { id: true, name: true } }),
    wide || role === "advertiser_user" ? db.advertiser.count({ where: reachWhere(member, "advertiser") }) : 0,
    wide || role === "publisher_user" ? db.publisher.count({ where: reachWhere(member, "publisher") }) : 0,
  ]);
  return { account, advertisers, publishers };
}

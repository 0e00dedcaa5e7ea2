// The users a caller may list through the API: the whole network for super admins and
// network users; advertiser and publisher users see themselves only.
import type { Db } from "../../db";
import type { Principal } from "../../verifier/verify";

export async function listVisibleUsers(db: Db, principal: Principal, page: number, pageSize: number) {
  const wide = principal.user.role === "super_admin" || principal.user.role === "network_user";
  const where = wide ? { accountId: principal.accountId } : { accountId: principal.accountId, id: principal.user.id };
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
  // The whole account for the wide roles, else the member's own organization (an id no row has
  // when the user belongs to none, so the count is 0).
  const reachable = (ownId: string | null) =>
    wide ? { accountId: principal.accountId } : { accountId: principal.accountId, id: ownId ?? "\u0000none" };
  const [account, advertisers, publishers] = await Promise.all([
    db.account.findUniqueOrThrow({ where: { id: principal.accountId }, select: { id: true, name: true } }),
    wide || role === "advertiser_user" ? db.advertiser.count({ where: reachable(principal.user.advertiserId) }) : 0,
    wide || role === "publisher_user" ? db.publisher.count({ where: reachable(principal.user.publisherId) }) : 0,
  ]);
  return { account, advertisers, publishers };
}

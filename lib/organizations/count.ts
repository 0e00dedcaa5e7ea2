// How many advertisers or publishers a member reaches (reach.ts): the dashboard tells a network
// with none where to start.
import type { Db } from "../db";
import type { OrganizationKind } from "../validations/organization";
import { reachWhere, type Member } from "./reach";
import { organizationTable } from "./rows";

export async function countOrganizations(db: Db, member: Member, kind: OrganizationKind): Promise<number> {
  return organizationTable(db, kind).count({ where: reachWhere(member, kind) });
}

// The advertisers and publishers of an account, for the Advertiser and Publisher selects
// of the New User form. Archived ones are left out: archiving is how a network retires one
// (it cannot be deleted while users belong to it), so no new user joins it. createUser
// checks both again, since a form can send any id.
import type { Db } from "../db";
import { RETIRED_APPROVAL_STATUS } from "../validations/organization";

export interface Choice {
  id: string;
  name: string;
  /** Shown beside the name: the network's own id tells two similar names apart. */
  idFromNetwork: string;
}

export async function listAffiliationChoices(
  db: Db,
  accountId: string,
): Promise<{ advertisers: Choice[]; publishers: Choice[] }> {
  const query = {
    where: { accountId, approvalStatus: { not: RETIRED_APPROVAL_STATUS } },
    orderBy: [{ name: "asc" as const }, { id: "asc" as const }],
    select: { id: true, name: true, idFromNetwork: true },
  };
  const [advertisers, publishers] = await Promise.all([db.advertiser.findMany(query), db.publisher.findMany(query)]);
  return { advertisers, publishers };
}

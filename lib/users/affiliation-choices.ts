// The advertisers and publishers of an account, for the Advertiser and Publisher selects
// of the New User form. createUser checks again that the chosen one belongs to the account.
import type { Db } from "../db";

export interface Choice {
  id: string;
  name: string;
}

export async function listAffiliationChoices(
  db: Db,
  accountId: string,
): Promise<{ advertisers: Choice[]; publishers: Choice[] }> {
  const [advertisers, publishers] = await Promise.all([
    db.advertiser.findMany({
      where: { accountId },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true },
    }),
    db.publisher.findMany({
      where: { accountId },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true },
    }),
  ]);
  return { advertisers, publishers };
}

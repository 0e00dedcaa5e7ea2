// The demo data set of `npm run db:seed`: one network (account) with two advertisers and one
// publisher, and one user of each role. Idempotent: a second run finds the demo account by
// its super admin's email and changes nothing.
import { NO_REQUEST, SYSTEM_ACTOR } from "../audit";
import type { Db } from "../db";
import { createUser } from "../users/create-user";
import { organizationData } from "../organizations/rows";

export const DEMO_EMAILS = {
  superAdmin: "demo.admin@keyward.local",
  network: "network.user@keyward.local",
  advertiser: "advertiser.user@keyward.local",
  publisher: "publisher.user@keyward.local",
} as const;

export interface DemoResult {
  created: boolean;
  accountId: string;
}

export async function seedDemoData(db: Db, password: string): Promise<DemoResult> {
  const existing = await db.user.findUnique({ where: { email: DEMO_EMAILS.superAdmin }, select: { accountId: true } });
  if (existing) return { created: false, accountId: existing.accountId };

  const { account, advertiserId, publisherId } = await db.$transaction(async (tx) => {
    const account = await tx.account.create({ data: { name: "Demo Network" } });
    const acme = await tx.advertiser.create({ data: organizationData(account.id, "1111", "Acme Outdoor") });
    await tx.advertiser.create({ data: organizationData(account.id, "2222", "Bluebird Travel") });
    const publisher = await tx.publisher.create({ data: organizationData(account.id, "3333", "Northwind Media") });
    return { account, advertiserId: acme.id, publisherId: publisher.id };
  });
  const actor = { ...SYSTEM_ACTOR, accountId: account.id };
  const users = [
    { email: DEMO_EMAILS.superAdmin, name: "Dana Admin", role: "super_admin" as const },
    { email: DEMO_EMAILS.network, name: "Nico Network", role: "network_user" as const },
    { email: DEMO_EMAILS.advertiser, name: "Ada Advertiser", role: "advertiser_user" as const, advertiserId },
    { email: DEMO_EMAILS.publisher, name: "Pat Publisher", role: "publisher_user" as const, publisherId },
  ];
  for (const user of users) {
    await createUser(db, account.id, { ...user, password, status: "active" }, actor, NO_REQUEST);
  }
  return { created: true, accountId: account.id };
}

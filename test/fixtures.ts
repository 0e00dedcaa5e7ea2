// Small builders for integration tests: an account and users made through the real domain
// functions (so their rules and audit rows apply).
import { randomBytes } from "node:crypto";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import type { Role, UserStatus } from "@/lib/access/roles";
import type { Db } from "@/lib/db";
import { createUser } from "@/lib/users/create-user";
import { organizationData } from "@/lib/organizations/rows";

export const TEST_PASSWORD = "correct horse battery staple";

export async function createAccount(db: Db, name = "Test Network"): Promise<string> {
  return (await db.account.create({ data: { name } })).id;
}

export function uniqueEmail(label = "user"): string {
  return `${label}.${randomBytes(5).toString("hex")}@example.test`;
}

export async function createTestUser(
  db: Db,
  accountId: string,
  options: { role?: Role; status?: UserStatus; email?: string; password?: string; isApiUser?: boolean } = {},
): Promise<{ id: string; email: string; password: string }> {
  const role = options.role ?? "network_user";
  const email = options.email ?? uniqueEmail(role);
  const password = options.password ?? TEST_PASSWORD;
  const tag = randomBytes(4).toString("hex");
  let advertiserId: string | undefined;
  let publisherId: string | undefined;
  if (role === "advertiser_user")
    advertiserId = (await db.advertiser.create({ data: organizationData(accountId, `adv-${tag}`, `Adv ${tag}`) })).id;
  if (role === "publisher_user")
    publisherId = (await db.publisher.create({ data: organizationData(accountId, `pub-${tag}`, `Pub ${tag}`) })).id;
  const user = await createUser(
    db,
    accountId,
    { email, name: `Test ${role}`, password, role, status: options.status ?? "active", advertiserId, publisherId },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  if (options.isApiUser) await db.user.update({ where: { id: user.id }, data: { isApiUser: true } });
  return { id: user.id, email, password };
}

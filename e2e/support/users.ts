// Users arranged directly in the server's database through the domain functions, so each
// spec starts from the state it needs.
import { randomBytes } from "node:crypto";
import type { TestInfo } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import type { Role, UserStatus } from "@/lib/access/roles";
import { createUser } from "@/lib/users/create-user";
import { updateUser, type UserPatch } from "@/lib/users/update-user";
import { databaseFor } from "./state";
import { organizationData } from "@/lib/organizations/rows";

export const E2E_USER_PASSWORD = "e2e user password 123";

export async function accountIdFor(testInfo: TestInfo): Promise<string> {
  const db = await databaseFor(testInfo);
  return (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
}

export async function arrangeUser(
  testInfo: TestInfo,
  options: { role?: Role; status?: UserStatus; isApiUser?: boolean } = {},
) {
  const db = await databaseFor(testInfo);
  const accountId = await accountIdFor(testInfo);
  const role = options.role ?? "network_user";
  const tag = randomBytes(4).toString("hex");
  const email = `${role}.${tag}@e2e.test`;
  let advertiserId: string | undefined;
  let publisherId: string | undefined;
  if (role === "advertiser_user")
    advertiserId = (
      await db.advertiser.create({ data: organizationData(accountId, `e2e-${tag}`, `E2E Advertiser ${tag}`) })
    ).id;
  if (role === "publisher_user")
    publisherId = (
      await db.publisher.create({ data: organizationData(accountId, `e2e-${tag}`, `E2E Publisher ${tag}`) })
    ).id;
  const user = await createUser(
    db,
    accountId,
    {
      email,
      name: `E2E ${role}`,
      password: E2E_USER_PASSWORD,
      role,
      status: options.status ?? "active",
      advertiserId,
      publisherId,
    },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  if (options.isApiUser)
    await updateUser(db, accountId, user.id, { isApiUser: true }, { ...SYSTEM_ACTOR, accountId }, NO_REQUEST);
  return { id: user.id, email, password: E2E_USER_PASSWORD, accountId };
}

export async function changeUser(testInfo: TestInfo, userId: string, patch: UserPatch): Promise<void> {
  const db = await databaseFor(testInfo);
  const accountId = await accountIdFor(testInfo);
  await updateUser(db, accountId, userId, patch, { ...SYSTEM_ACTOR, accountId }, NO_REQUEST);
}

/** A second account (network) of its own, with its own super admin: a clean slate. */
export async function arrangeAccountWithAdmin(testInfo: TestInfo) {
  const db = await databaseFor(testInfo);
  const accountId = (await db.account.create({ data: { name: `E2E Network ${randomBytes(3).toString("hex")}` } })).id;
  const email = `admin.${randomBytes(4).toString("hex")}@e2e.test`;
  const user = await createUser(
    db,
    accountId,
    { email, name: "Other Admin", password: E2E_USER_PASSWORD, role: "super_admin", status: "active" },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  return { id: user.id, email, password: E2E_USER_PASSWORD, accountId };
}

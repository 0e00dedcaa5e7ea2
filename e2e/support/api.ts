// Arranging credentials for the black-box API suite through lib/ (as the screens would), in
// a network of the suite's own (so the account API key it generates is its own), and the
// RFC 6750 checks every refusal shares.
import { randomBytes } from "node:crypto";
import { expect, type APIResponse, type TestInfo } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import type { Role } from "@/lib/access/roles";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { createAuthToken } from "@/lib/credentials/auth-tokens";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { databaseFor } from "./state";
import { organizationData } from "@/lib/organizations/rows";

export interface ApiNetwork {
  accountId: string;
  admin: { id: string; email: string; accountId: string; role: "super_admin" };
  advertiserIds: string[];
  publisherIds: string[];
  accountKey: string;
}

const networks = new Map<string, Promise<ApiNetwork>>();

/** One network per project (server): two advertisers, a publisher, an admin and the account key. */
export function apiNetwork(testInfo: TestInfo): Promise<ApiNetwork> {
  let network = networks.get(testInfo.project.name);
  if (!network) {
    network = (async () => {
      const db = await databaseFor(testInfo);
      const accountId = (await db.account.create({ data: { name: `API Network ${randomBytes(3).toString("hex")}` } }))
        .id;
      const advertiserIds = [
        (await db.advertiser.create({ data: organizationData(accountId, "1111", "Acme Outdoor") })).id,
        (await db.advertiser.create({ data: organizationData(accountId, "2222", "Bluebird Travel") })).id,
      ];
      const publisherIds = [
        (await db.publisher.create({ data: organizationData(accountId, "3333", "Northwind Media") })).id,
      ];
      const admin = await createUser(
        db,
        accountId,
        {
          email: `api-admin.${randomBytes(4).toString("hex")}@e2e.test`,
          name: "API Admin",
          password: "api suite password",
          role: "super_admin",
          status: "active",
        },
        { ...SYSTEM_ACTOR, accountId },
        NO_REQUEST,
      );
      const adminActor = { id: admin.id, email: admin.email, accountId, role: "super_admin" as const };
      const accountKey = (await generateAccountApiKey(db, adminActor, NO_REQUEST)).secret;
      return { accountId, admin: adminActor, advertiserIds, publisherIds, accountKey };
    })();
    networks.set(testInfo.project.name, network);
  }
  return network;
}

export async function arrangeApiUser(testInfo: TestInfo, role: Role, options: { isApiUser?: boolean } = {}) {
  const network = await apiNetwork(testInfo);
  const db = await databaseFor(testInfo);
  const user = await createUser(
    db,
    network.accountId,
    {
      email: `${role}.${randomBytes(4).toString("hex")}@api.e2e.test`,
      name: `API ${role}`,
      password: "api suite password",
      role,
      status: "active",
      advertiserId: role === "advertiser_user" ? network.advertiserIds[0] : undefined,
      publisherId: role === "publisher_user" ? network.publisherIds[0] : undefined,
    },
    { ...SYSTEM_ACTOR, accountId: network.accountId },
    NO_REQUEST,
  );
  if (options.isApiUser) await db.user.update({ where: { id: user.id }, data: { isApiUser: true } });
  return { id: user.id, email: user.email, accountId: network.accountId };
}

export async function arrangePersonalToken(testInfo: TestInfo, role: Role = "network_user") {
  const user = await arrangeApiUser(testInfo, role);
  const db = await databaseFor(testInfo);
  const result = await createPersonalCredential(db, user, { description: `API suite ${role}` }, NO_REQUEST);
  if (!("created" in result)) throw new Error("expected a credential");
  return { user, token: result.created.secret, id: result.created.id };
}

export async function arrangeAuthToken(
  testInfo: TestInfo,
  expirationDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  now?: Date,
) {
  const network = await apiNetwork(testInfo);
  const db = await databaseFor(testInfo);
  const apiUser = await arrangeApiUser(testInfo, "network_user", { isApiUser: true });
  const result = await createAuthToken(
    db,
    network.admin,
    { name: "API suite token", apiUserId: apiUser.id, expirationDate },
    NO_REQUEST,
    now,
  );
  if (!("created" in result)) throw new Error("expected a token");
  return { apiUser, token: result.created.secret, id: result.created.id, accountKey: network.accountKey };
}

export function expectBearerError(response: APIResponse, status: number, error: string | null) {
  expect(response.status()).toBe(status);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const header = response.headers()["www-authenticate"] ?? "";
  expect(header).toMatch(/^Bearer realm="keyward"/);
  if (error) expect(header).toContain(`error="${error}"`);
  else expect(header).not.toContain("error=");
}

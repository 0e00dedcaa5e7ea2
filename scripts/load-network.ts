// What `npm run bench` and `npm run soak` share: a free port, whether PostgreSQL answers, and
// one network arranged through lib/ as the screens would (advertiser 1111, a personal
// credential, an auth token with the account API key, an API key, an OAuth app and an access
// token from its client-credentials grant).
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import pg from "pg";
import type { DatabaseTarget } from "../e2e/support/server";
import { POSTGRES_ADMIN_URL } from "../test/databases";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One network arranged through lib/, as e2e/support/api.ts does it, in a server's database (or any migrated one). */
export async function arrange(server: { database: DatabaseTarget }) {
  const [
    { createDb },
    { NO_REQUEST, SYSTEM_ACTOR },
    { generateAccountApiKey },
    { createAuthToken },
    { createPersonalCredential },
    { createUser },
    { createApiKey },
    { registerClient },
    { clientCredentialsGrant },
    { createOrganization },
  ] = await Promise.all([
    import("../lib/db/client"),
    import("../lib/audit"),
    import("../lib/credentials/account-api-key"),
    import("../lib/credentials/auth-tokens"),
    import("../lib/credentials/personal-credentials"),
    import("../lib/users/create-user"),
    import("../lib/credentials/api-keys"),
    import("../lib/oauth/clients"),
    import("../lib/oauth/grants"),
    import("../lib/organizations/write"),
  ]);
  const db = await createDb(server.database);
  try {
    const tag = randomBytes(3).toString("hex");
    const accountId = (await db.account.create({ data: { name: `Bench Network ${tag}` } })).id;
    const system = { ...SYSTEM_ACTOR, accountId };
    const user = (role: "super_admin" | "network_user", label: string) =>
      createUser(
        db,
        accountId,
        {
          email: `${label}.${tag}@bench.test`,
          name: `Bench ${label}`,
          password: "bench password 123",
          role,
          status: "active",
        },
        system,
        NO_REQUEST,
      );
    const admin = await user("super_admin", "admin");
    const adminActor = { id: admin.id, email: admin.email, accountId, role: "super_admin" as const };
    const accountKey = (await generateAccountApiKey(db, adminActor, NO_REQUEST)).secret;
    // Advertiser 1111, as the Advertisers screen creates it; the API addresses it by that id.
    const advertiser = await createOrganization(
      db,
      { accountId, role: "super_admin", advertiserId: null, publisherId: null },
      "advertiser",
      { idFromNetwork: "1111", name: "Acme Outdoor", approvalStatus: "Approved" },
      { actor: { id: admin.id, label: admin.email, accountId }, context: NO_REQUEST },
    );

    const networkUser = await user("network_user", "network");
    const personal = await createPersonalCredential(
      db,
      { id: networkUser.id, email: networkUser.email, accountId },
      { description: "bench" },
      NO_REQUEST,
    );
    if (!("created" in personal)) throw new Error("bench: could not create a personal credential");

    const apiUser = await user("network_user", "api");
    await db.user.update({ where: { id: apiUser.id }, data: { isApiUser: true } });
    const expirationDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const auth = await createAuthToken(
      db,
      adminActor,
      { name: "bench", apiUserId: apiUser.id, expirationDate },
      NO_REQUEST,
    );
    if (!("created" in auth)) throw new Error("bench: could not create an auth token");

    const key = await createApiKey(db, adminActor, { name: "bench", userId: networkUser.id }, NO_REQUEST);
    if (!("created" in key)) throw new Error("bench: could not create an API key");

    // An OAuth access token (kw_oat_, one hour: longer than a bench run) from the client-credentials grant.
    const app = await registerClient(
      db,
      adminActor,
      {
        name: "bench",
        grantTypes: ["client_credentials"],
        scopes: ["advertisers:read", "users:read"],
        serviceUserId: networkUser.id,
      },
      NO_REQUEST,
    );
    if (!("registered" in app)) throw new Error("bench: could not register an OAuth app");
    const oauth = await clientCredentialsGrant(db, app.registered.client, new URLSearchParams(), NO_REQUEST);
    return {
      accountId,
      networkUserId: networkUser.id,
      advertiserId: advertiser.id,
      advertiserKey: advertiser.idFromNetwork,
      personal: personal.created.secret,
      authToken: auth.created.secret,
      accountKey,
      apiKey: key.created.secret,
      oauthToken: oauth.access_token,
      oauthClient: { clientId: app.registered.client.clientId, secret: app.registered.secret },
      admin: { id: admin.id, email: admin.email, password: "bench password 123" },
    };
  } finally {
    await db.$disconnect();
  }
}

// The OAuth 2.0 authorization server over real HTTP against the production build: the
// generic guide's token request exactly as the seed shows it, the metadata document, and
// every refusal of RFC 6749 / 7009 / 7662. (The consent page: e2e/oauth-authorize.spec.ts;
// the OAuth Apps screen: e2e/oauth-apps.spec.ts.)
import { expect, test, type APIRequestContext, type APIResponse, type TestInfo } from "@playwright/test";
import { NO_REQUEST } from "@/lib/audit";
import { registerClient, withSecret, type ConfidentialClient } from "@/lib/oauth/clients";
import type { Scope } from "@/lib/access/privileges";
import type { GrantType } from "@/lib/validations/oauth-client";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { changeAuthToken } from "@/lib/credentials/auth-tokens";
import { createUser } from "@/lib/users/create-user";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { apiNetwork, arrangeApiUser, arrangeAuthToken, arrangePersonalToken, expectBearerError } from "./support/api";
import { databaseFor } from "./support/state";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

async function arrangeApp(
  testInfo: TestInfo,
  options: { grants?: GrantType[]; scopes?: Scope[]; canIntrospect?: boolean } = {},
) {
  const network = await apiNetwork(testInfo);
  const service = await arrangeApiUser(testInfo, "network_user", { isApiUser: true });
  const result = await registerClient(
    await databaseFor(testInfo),
    network.admin,
    {
      name: `Reporting ${Date.now()}`,
      redirectUris: "https://reports.example.test/callback",
      grantTypes: options.grants ?? ["client_credentials"],
      scopes: options.scopes ?? ["users:read", "advertisers:read"],
      serviceUserId: service.id,
      canIntrospect: options.canIntrospect ?? false,
    },
    NO_REQUEST,
  );
  if (!("registered" in result)) throw new Error("expected an app");
  return { ...withSecret(result.registered), service };
}

const basic = (app: ConfidentialClient, secret = app.secret) => ({
  Authorization: `Basic ${Buffer.from(`${app.client.clientId}:${secret}`).toString("base64")}`,
});

function expectOAuthError(response: APIResponse, status: number, error: string) {
  expect(response.status()).toBe(status);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["content-type"]).toContain("application/json");
  return response.json().then((body: { error: string; error_description: string }) => {
    expect(body.error).toBe(error);
    expect(body.error_description.length).toBeGreaterThan(10);
  });
}

async function clientCredentialsToken(
  request: APIRequestContext,
  app: ConfidentialClient,
  scope?: string,
): Promise<string> {
  const response = await request.post("/oauth2/token", {
    headers: { ...FORM, ...basic(app) },
    data: `grant_type=client_credentials${scope ? `&scope=${encodeURIComponent(scope)}` : ""}`,
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

test("the seed's request: POST /oauth2/token with client_credentials in the form, then GET /v1/users with Bearer", async ({
  request,
}) => {
  const app = await arrangeApp(test.info());
  const response = await request.post("/oauth2/token", {
    headers: FORM,
    data: `grant_type=client_credentials&client_id=${app.client.clientId}&client_secret=${app.secret}`,
  });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["pragma"]).toBe("no-cache");
  const token = (await response.json()) as Record<string, unknown>;
  expect(token).toEqual({
    access_token: expect.stringMatching(/^kw_oat_[0-9A-Za-z]{38}$/),
    token_type: "Bearer",
    expires_in: 3600,
    scope: "users:read advertisers:read",
  });
  expect(token).not.toHaveProperty("refresh_token");

  const users = await request.get("/v1/users", { headers: { Authorization: `Bearer ${token.access_token}` } });
  expect(users.status()).toBe(200);
  expect(JSON.stringify(await users.json())).toContain(app.service.email);
  // Deskpro's scheme for tokens obtained through OAuth works too; the query string never does.
  const me = await request.get("/api/v2/me", { headers: { Authorization: `token ${token.access_token}` } });
  expect(await me.json()).toMatchObject({ person_id: app.service.id, credential: { kind: "oat" } });
  expectBearerError(await request.get(`/v1/users?access_token=${token.access_token}`), 401, "invalid_token");
  // Narrowed to users:read: the advertisers need advertisers:read, which this token was not given.
  const narrow = await clientCredentialsToken(request, app, "users:read");
  expectBearerError(
    await request.get("/api/2022-08-01/advertisers.json", { headers: { Authorization: `Bearer ${narrow}` } }),
    403,
    "insufficient_scope",
  );
});

test("the metadata document names every endpoint under the issuer (RFC 8414)", async ({ request, baseURL }) => {
  const response = await request.get("/.well-known/oauth-authorization-server");
  expect(response.status()).toBe(200);
  const metadata = await response.json();
  expect(metadata).toMatchObject({
    issuer: baseURL,
    authorization_endpoint: `${baseURL}/oauth2/authorize`,
    token_endpoint: `${baseURL}/oauth2/token`,
    revocation_endpoint: `${baseURL}/oauth2/revoke`,
    introspection_endpoint: `${baseURL}/oauth2/introspect`,
    response_types_supported: ["code"],
    device_authorization_endpoint: `${baseURL}/oauth2/device_authorization`,
    grant_types_supported: [
      "authorization_code",
      "client_credentials",
      "refresh_token",
      "urn:ietf:params:oauth:grant-type:device_code",
    ],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    authorization_response_iss_parameter_supported: true,
  });
  expect(metadata.scopes_supported).toContain("users:read");
});

test("the token endpoint's refusals: not a form, bad client, two ways to authenticate, unknown grant, scope outside the app's", async ({
  request,
}) => {
  const app = await arrangeApp(test.info());
  await expectOAuthError(
    await request.post("/oauth2/token", {
      data: { grant_type: "client_credentials", client_id: app.client.clientId, client_secret: app.secret },
    }),
    400,
    "invalid_request",
  );
  const wrong = await request.post("/oauth2/token", {
    headers: {
      ...FORM,
      ...basic(
        app,
        app.secret.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
      ),
    },
    data: "grant_type=client_credentials",
  });
  await expectOAuthError(wrong, 401, "invalid_client");
  expect(wrong.headers()["www-authenticate"]).toMatch(/^Basic realm="keyward"/);
  await expectOAuthError(
    await request.post("/oauth2/token", {
      headers: FORM,
      data: `grant_type=client_credentials&client_id=kwc_nobody&client_secret=${app.secret}`,
    }),
    401,
    "invalid_client",
  );
  await expectOAuthError(
    await request.post("/oauth2/token", {
      headers: { ...FORM, ...basic(app) },
      data: `grant_type=client_credentials&client_secret=${app.secret}`,
    }),
    400,
    "invalid_request",
  );
  await expectOAuthError(
    await request.post("/oauth2/token", {
      headers: { ...FORM, ...basic(app) },
      data: "grant_type=client_credentials&grant_type=client_credentials",
    }),
    400,
    "invalid_request",
  );
  await expectOAuthError(
    await request.post(`/oauth2/token?client_secret=${app.secret}`, {
      headers: { ...FORM, ...basic(app) },
      data: "grant_type=client_credentials",
    }),
    400,
    "invalid_request",
  );
  await expectOAuthError(
    await request.post("/oauth2/token", {
      headers: { ...FORM, ...basic(app) },
      data: "grant_type=password&username=a&password=b",
    }),
    400,
    "unsupported_grant_type",
  );
  await expectOAuthError(
    await request.post("/oauth2/token", {
      headers: { ...FORM, ...basic(app) },
      data: "grant_type=refresh_token&refresh_token=x",
    }),
    // Supported, but only for apps registered for it (e2e/oauth-refresh.spec.ts).
    400,
    "unauthorized_client",
  );
  await expectOAuthError(
    await request.post("/oauth2/token", {
      headers: { ...FORM, ...basic(app) },
      data: "grant_type=client_credentials&scope=advertisers:write",
    }),
    400,
    "invalid_scope",
  );
  // An app registered only for the authorization code grant cannot use client credentials.
  const browserOnly = await arrangeApp(test.info(), { grants: ["authorization_code"] });
  await expectOAuthError(
    await request.post("/oauth2/token", {
      headers: { ...FORM, ...basic(browserOnly) },
      data: "grant_type=client_credentials",
    }),
    400,
    "unauthorized_client",
  );
  await expectOAuthError(
    await request.post("/oauth2/token", {
      headers: { ...FORM, ...basic(app) },
      data: "grant_type=authorization_code&code=kw_ac_x&redirect_uri=https://reports.example.test/callback&code_verifier=x",
    }),
    400,
    "unauthorized_client",
  );
  // Nothing above issued a token.
  const db = await databaseFor(test.info());
  expect(
    await db.credential.count({
      where: { oauthClientId: { in: [app.client.id, browserOnly.client.id] }, kind: "oat" },
    }),
  ).toBe(0);
});

test("a disabled service user ends client-credentials tokens, old and new", async ({ request }) => {
  const app = await arrangeApp(test.info());
  const token = await clientCredentialsToken(request, app);
  const db = await databaseFor(test.info());
  await db.user.update({ where: { id: app.service.id }, data: { status: "disabled" } });
  await expectOAuthError(
    await request.post("/oauth2/token", { headers: { ...FORM, ...basic(app) }, data: "grant_type=client_credentials" }),
    400,
    "unauthorized_client",
  );
  // Changed by another process: refused once the server's look-up cache has aged out.
  await expect
    .poll(async () => (await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status())
    .toBe(401);
});

test("revocation (RFC 7009): the app's own token dies at once; unknown tokens are a quiet 200; other kinds are not revoked here", async ({
  request,
}) => {
  const app = await arrangeApp(test.info());
  const token = await clientCredentialsToken(request, app);
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);

  // Another app cannot revoke it (and learns nothing: 200).
  const other = await arrangeApp(test.info());
  const foreign = await request.post("/oauth2/revoke", {
    headers: { ...FORM, ...basic(other) },
    data: `token=${token}`,
  });
  expect(foreign.status()).toBe(200);
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);

  const revoked = await request.post("/oauth2/revoke", {
    headers: FORM,
    data: `token=${token}&token_type_hint=access_token&client_id=${app.client.clientId}&client_secret=${app.secret}`,
  });
  expect(revoked.status()).toBe(200);
  expect(revoked.headers()["cache-control"]).toBe("no-store");
  expectBearerError(
    await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } }),
    401,
    "invalid_token",
  );
  expect(
    (await request.post("/oauth2/revoke", { headers: { ...FORM, ...basic(app) }, data: `token=${token}` })).status(),
  ).toBe(200);
  expect(
    (await request.post("/oauth2/revoke", { headers: { ...FORM, ...basic(app) }, data: "token=not-a-token" })).status(),
  ).toBe(200);

  const { token: personal } = await arrangePersonalToken(test.info());
  await expectOAuthError(
    await request.post("/oauth2/revoke", { headers: { ...FORM, ...basic(app) }, data: `token=${personal}` }),
    400,
    "unsupported_token_type",
  );
  await expectOAuthError(
    await request.post("/oauth2/revoke", { headers: FORM, data: `token=${token}` }),
    401,
    "invalid_client",
  );
  await expectOAuthError(
    await request.post("/oauth2/revoke", { headers: { ...FORM, ...basic(app) }, data: "" }),
    400,
    "invalid_request",
  );
  const db = await databaseFor(test.info());
  expect(
    await db.auditEvent.count({
      where: { action: "oauth.token_revoked", actorLabel: { contains: app.client.clientId } },
    }),
  ).toBe(1);
});

test("introspection (RFC 7662): any credential of the caller's account, active exactly when the verifier accepts it", async ({
  request,
}) => {
  const caller = await arrangeApp(test.info(), { canIntrospect: true });
  const app = await arrangeApp(test.info());
  const token = await clientCredentialsToken(request, app, "users:read");
  const introspect = (value: string, headers: Record<string, string> = basic(caller)) =>
    request.post("/oauth2/introspect", {
      headers: { ...FORM, ...headers },
      data: `token=${encodeURIComponent(value)}`,
    });

  const active = await introspect(token);
  expect(active.status()).toBe(200);
  expect(active.headers()["cache-control"]).toBe("no-store");
  const body = await active.json();
  expect(body).toMatchObject({
    active: true,
    scope: "users:read",
    client_id: app.client.clientId,
    sub: app.service.id,
    username: app.service.email,
    token_type: "Bearer",
    keyward_kind: "oat",
  });
  expect(body.exp - body.iat).toBe(3600);

  const { token: personal, user } = await arrangePersonalToken(test.info(), "advertiser_user");
  expect(await (await introspect(personal)).json()).toMatchObject({ active: true, keyward_kind: "pat", sub: user.id });
  expect(await (await introspect(caller.secret)).json()).toEqual({ active: false });
  expect(await (await introspect("kw_pat_0000")).json()).toEqual({ active: false });

  await request.post("/oauth2/revoke", { headers: { ...FORM, ...basic(app) }, data: `token=${token}` });
  expect(await (await introspect(token)).json()).toEqual({ active: false });

  await expectOAuthError(await introspect(personal, basic(app)), 403, "unauthorized_client");
  await expectOAuthError(await introspect(personal, {}), 401, "invalid_client");
});

test("introspection of TrackVia credentials: the account API key alone is inactive; an auth token is active only with its account's key as user_key, exactly as the API decides", async ({
  request,
}) => {
  const caller = await arrangeApp(test.info(), { canIntrospect: true });
  const network = await apiNetwork(test.info());
  const db = await databaseFor(test.info());
  const live = await arrangeAuthToken(test.info());
  const deactivated = await arrangeAuthToken(test.info());
  await changeAuthToken(db, network.admin, deactivated.id, "deactivate", NO_REQUEST);
  const expired = await arrangeAuthToken(test.info());
  await db.credential.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  // A second account with an API key of its own.
  const elsewhere = (await db.account.create({ data: { name: `Elsewhere ${Date.now()}` } })).id;
  const otherAdmin = await createUser(
    db,
    elsewhere,
    {
      email: `elsewhere.${Date.now()}@e2e.test`,
      name: "Elsewhere Admin",
      password: "api suite password",
      role: "super_admin",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId: elsewhere },
    NO_REQUEST,
  );
  const foreignKey = (
    await generateAccountApiKey(
      db,
      { id: otherAdmin.id, email: otherAdmin.email, accountId: elsewhere, role: "super_admin" },
      NO_REQUEST,
    )
  ).secret;

  const introspect = async (token: string, userKey?: string) => {
    const response = await request.post("/oauth2/introspect", {
      headers: { ...FORM, ...basic(caller) },
      data: `token=${encodeURIComponent(token)}${userKey ? `&user_key=${encodeURIComponent(userKey)}` : ""}`,
    });
    expect(response.status()).toBe(200);
    return ((await response.json()) as { active: boolean }).active;
  };
  const accepted = async (token: string, userKey?: string) =>
    (
      await request.get("/api/v2/me", {
        headers: { Authorization: `Bearer ${token}`, ...(userKey ? { user_key: userKey } : {}) },
      })
    ).status() === 200;

  const cases = [
    { name: "kw_ak_ alone", token: network.accountKey, userKey: undefined, active: false },
    { name: "kw_at_ alone", token: live.token, userKey: undefined, active: false },
    { name: "kw_at_ + its account's key", token: live.token, userKey: network.accountKey, active: true },
    { name: "kw_at_ + another account's key", token: live.token, userKey: foreignKey, active: false },
    {
      name: "deactivated kw_at_ + its account's key",
      token: deactivated.token,
      userKey: network.accountKey,
      active: false,
    },
    { name: "expired kw_at_ + its account's key", token: expired.token, userKey: network.accountKey, active: false },
  ];
  // The expiry above was changed behind the server's back: its look-up cache may hold the old one for a moment.
  await expect.poll(async () => accepted(expired.token, network.accountKey)).toBe(false);
  const answers = [];
  for (const entry of cases)
    answers.push({
      name: entry.name,
      introspected: await introspect(entry.token, entry.userKey),
      accepted: await accepted(entry.token, entry.userKey),
    });
  expect(answers).toEqual(
    cases.map((entry) => ({ name: entry.name, introspected: entry.active, accepted: entry.active })),
  );
  expect(
    await (
      await request.post("/oauth2/introspect", {
        headers: { ...FORM, ...basic(caller) },
        data: `token=${encodeURIComponent(live.token)}&user_key=${encodeURIComponent(network.accountKey)}`,
      })
    ).json(),
  ).toMatchObject({ keyward_kind: "at", sub: live.apiUser.id });
});

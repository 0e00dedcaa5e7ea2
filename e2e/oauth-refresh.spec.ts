// Refresh tokens driven by a maintained client (openid-client 6), on SQLite and PostgreSQL: the
// code flow through the consent page in Chromium, a refresh that rotates, and the spent refresh
// token replayed, which revokes its whole family: the newest access token stops working on the
// API at once (RFC 9700 4.14.2). A public client rotates the same way.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import * as oidc from "openid-client";
import { arrangeOAuthApp, startLoopbackApp, type LoopbackApp, type OAuthApp } from "./support/oauth-flow";
import { resumeSession } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";

let loopback: LoopbackApp;
test.beforeAll(async () => {
  loopback = await startLoopbackApp();
});
test.beforeEach(() => loopback.reset());
test.afterAll(async () => {
  await loopback.close();
});

function baseURL(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("no baseURL");
  return url;
}

/** The app's view of Keyward, from its metadata (RFC 8414) alone; plain http on 127.0.0.1 here. */
async function configure(app: OAuthApp): Promise<oidc.Configuration> {
  return oidc.discovery(
    new URL(baseURL()),
    app.clientId,
    app.clientSecret ?? undefined,
    app.clientSecret ? oidc.ClientSecretPost(app.clientSecret) : oidc.None(),
    { algorithm: "oauth2", execute: [oidc.allowInsecureRequests] },
  );
}

/** The user allows the app in Chromium; the app exchanges the code (openid-client checks state and iss). */
async function consentAndExchange(page: Page, config: oidc.Configuration, app: OAuthApp) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: loopback.redirectUri,
    scope: "advertisers:read users:read",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
  });
  await page.goto(url.href);
  await expect(
    page.getByRole("heading", { level: 1, name: `${app.name} wants to access your Keyward account` }),
  ).toBeVisible();
  await expect(page.getByText("It may renew its access for up to 30 days")).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("heading", { name: "Back in the app" })).toBeVisible();
  return oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state });
}

async function apiStatus(request: APIRequestContext, accessToken: string): Promise<number> {
  return (await request.get("/v1/users", { headers: { Authorization: `Bearer ${accessToken}` } })).status();
}

test("an app refreshes with openid-client, every refresh rotates, and replaying a spent refresh token revokes the family at once", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback, {
    grantTypes: ["authorization_code", "refresh_token"],
  });
  const config = await configure(app);
  expect(config.serverMetadata().grant_types_supported).toContain("refresh_token");
  await signInExpectingDashboard(page, user.email, user.password);

  const first = await consentAndExchange(page, config, app);
  expect(first.refresh_token).toMatch(/^kw_ort_/);
  expect(first.expires_in).toBe(3600);
  expect(await apiStatus(request, first.access_token)).toBe(200);

  // The refresh token opens nothing by itself.
  const refused = await request.get("/v1/users", { headers: { Authorization: `Bearer ${first.refresh_token}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain("not an access token");

  const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
  expect(second.refresh_token).toMatch(/^kw_ort_/);
  expect(second.refresh_token).not.toBe(first.refresh_token);
  expect(second.access_token).not.toBe(first.access_token);
  expect(second.scope).toBe("advertisers:read users:read");
  const third = await oidc.refreshTokenGrant(config, second.refresh_token!, { scope: "users:read" });
  expect(third.scope).toBe("users:read");
  expect(await apiStatus(request, third.access_token)).toBe(200);

  // The first refresh token, spent, comes back: someone else holds a copy.
  const replay = await oidc.refreshTokenGrant(config, first.refresh_token!).catch((error: unknown) => error);
  expect(replay).toBeInstanceOf(oidc.ResponseBodyError);
  expect(replay).toMatchObject({ error: "invalid_grant", status: 400 });
  expect((replay as oidc.ResponseBodyError).error_description).toContain("already used");
  for (const token of [first, second, third]) expect(await apiStatus(request, token.access_token)).toBe(401);
  await expect(oidc.refreshTokenGrant(config, third.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });

  const db = await databaseFor(test.info());
  expect(await db.auditEvent.count({ where: { action: "oauth.refresh_replayed", accountId: app.accountId } })).toBe(1);
});

test("a public client refreshes with its client_id alone, rotation included, and revoking a refresh token ends its family", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback, {
    grantTypes: ["authorization_code", "refresh_token"],
    public: true,
  });
  const config = await configure(app);
  await signInExpectingDashboard(page, user.email, user.password);
  const first = await consentAndExchange(page, config, app);
  const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
  expect(second.refresh_token).not.toBe(first.refresh_token);
  expect(await apiStatus(request, second.access_token)).toBe(200);

  await oidc.tokenRevocation(config, second.refresh_token!);
  expect(await apiStatus(request, second.access_token)).toBe(401);
  await expect(oidc.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({
    error: "invalid_grant",
  });
});

test("a super admin opts an app in to refresh tokens in the Register OAuth App dialog, only beside the authorization code grant", async ({
  page,
}) => {
  await resumeSession(page, "super_admin");
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "OAuth Apps" }).click();
  const name = `Refreshing ${Date.now()}`;
  await page.getByRole("button", { name: "Register OAuth App" }).click();
  const dialog = page.getByRole("dialog", { name: "Register OAuth App" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Redirect URIs").fill("https://app.example.test/callback");
  const refresh = dialog.getByRole("checkbox", { name: "Refresh tokens (with the authorization code grant)" });
  await refresh.check();
  await dialog.getByRole("checkbox", { name: "users:read" }).check();
  await dialog.getByRole("button", { name: "Register", exact: true }).click();
  await expect(dialog.locator("#app-grantTypes-error")).toContainText("only with the authorization code grant");
  await expect(refresh).toBeChecked();
  await dialog.getByRole("checkbox", { name: "Authorization code (with PKCE)" }).check();
  await dialog.getByRole("button", { name: "Register", exact: true }).click();
  const clientId = await dialog.getByRole("textbox", { name: "Client ID" }).inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Refresh tokens");
  const db = await databaseFor(test.info());
  const stored = await db.oAuthClient.findUniqueOrThrow({ where: { clientId } });
  expect(stored.grantTypes.split(" ").sort()).toEqual(["authorization_code", "refresh_token"]);
});

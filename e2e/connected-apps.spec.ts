// Connected apps and remembered consent (issue 14, part 2), driven by a real client
// (openid-client 6) against the production build: a user allows an app once, is not asked
// again for the same scopes, is asked only for what is new, sees the app on Connected apps and
// disconnects it, after which every token the app holds stops working at once. A super admin
// sees who allowed an app on OAuth Apps and can disconnect a user's grant too.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import * as client from "openid-client";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createUser } from "@/lib/users/create-user";
import { expectBearerError } from "./support/api";
import { arrangeOAuthApp, arrivalAt, startLoopbackApp, type LoopbackApp, type OAuthApp } from "./support/oauth-flow";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { E2E_USER_PASSWORD } from "./support/users";

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

/** The app's view of Keyward, as openid-client discovers it (RFC 8414; plain http on 127.0.0.1). */
async function discover(app: OAuthApp): Promise<client.Configuration> {
  return client.discovery(new URL(baseURL()), app.clientId, app.clientSecret ?? undefined, undefined, {
    algorithm: "oauth2",
    execute: [client.allowInsecureRequests],
  });
}

/**
 * Starts an authorization for `scope` in the browser (already signed in). Returns what the app
 * keeps (PKCE verifier, state) and a function that finishes it once the browser is back.
 */
async function startAuthorization(page: Page, config: client.Configuration, scope: string) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: loopback.redirectUri,
    scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  });
  await page.goto(url.href);
  return {
    /** The browser is back at the app: openid-client checks the answer and exchanges the code. */
    finish: async () => {
      await arrivalAt(page, loopback.redirectUri);
      const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      return tokens.access_token;
    },
  };
}

function consentHeading(page: Page, app: OAuthApp) {
  return page.getByRole("heading", { level: 1, name: new RegExp(`^${app.name} wants`) });
}

async function expectWorks(request: APIRequestContext, token: string) {
  const answer = await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } });
  expect(answer.status()).toBe(200);
}

async function expectRefused(request: APIRequestContext, token: string) {
  expectBearerError(
    await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } }),
    401,
    "invalid_token",
  );
}

test("consent is remembered, a new scope asks only for itself, and Disconnect stops the app's tokens at once", async ({
  page,
  request,
}) => {
  // Four authorizations, two pages and a dialog: over a minute on a loaded 2-core machine.
  test.setTimeout(120_000);
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  const config = await discover(app);
  await signInExpectingDashboard(page, user.email, user.password);

  // First time: the consent page, one permission.
  const first = await startAuthorization(page, config, "users:read");
  await expect(consentHeading(page, app)).toHaveText(`${app.name} wants to access your Keyward account`);
  const permissions = page.getByRole("list", { name: "Requested permissions" }).getByRole("listitem");
  await expect(permissions).toHaveCount(1);
  await expect(permissions.first()).toContainText("users:read");
  await page.getByRole("button", { name: "Allow" }).click();
  const firstToken = await first.finish();
  await expectWorks(request, firstToken);

  // The same scopes again: no page, straight back to the app with a code.
  const second = await startAuthorization(page, config, "users:read");
  const secondToken = await second.finish();
  await expectWorks(request, secondToken);
  expect(loopback.arrivalsAt("/callback")).toHaveLength(2);
  const db = await databaseFor(test.info());
  const authorized = await db.auditEvent.findMany({
    where: { action: "oauth.authorized", actorId: user.id, targetId: app.id },
    orderBy: { createdAt: "asc" },
  });
  expect(authorized.map((event) => JSON.parse(event.details ?? "{}").remembered ?? false)).toEqual([false, true]);

  // A new scope: asked again, listing only what is new.
  const third = await startAuthorization(page, config, "users:read advertisers:read");
  await expect(consentHeading(page, app)).toHaveText(`${app.name} wants more access to your Keyward account`);
  await expect(page.getByText(`If you allow it, ${app.name} also wants to:`)).toBeVisible();
  await expect(permissions).toHaveCount(1);
  await expect(permissions.first()).toContainText("advertisers:read");
  await expect(page.getByTestId("already-allowed")).toContainText("See the users you can see in Keyward");
  await page.getByRole("button", { name: "Allow" }).click();
  const thirdToken = await third.finish();
  await expectWorks(request, thirdToken);

  // Connected apps: the app, what it may do in plain words, since when.
  await page.goto("/account/connected-apps");
  await expect(page.getByRole("heading", { level: 1, name: "Connected apps" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: app.name });
  await expect(row).toContainText("See the users you can see in Keyward");
  await expect(row).toContainText("See the advertisers you can reach");

  await row.getByRole("button", { name: `Disconnect ${app.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Disconnect ${app.name}?` });
  await expect(dialog).toContainText("every access and refresh token it holds");
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("You have not allowed any app to use your account.")).toBeVisible();

  // Every token the app held stops working at once.
  for (const token of [firstToken, secondToken, thirdToken]) await expectRefused(request, token);
  expect(await db.auditEvent.count({ where: { action: "oauth.disconnected", actorId: user.id } })).toBe(1);

  // Consent was forgotten too: the next authorization asks again.
  await startAuthorization(page, config, "users:read");
  await expect(consentHeading(page, app)).toHaveText(`${app.name} wants to access your Keyward account`);
});

test("a super admin sees who allowed an app on OAuth Apps and disconnects a user's grant", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  const config = await discover(app);
  await signInExpectingDashboard(page, user.email, user.password);
  const flow = await startAuthorization(page, config, "users:read");
  await page.getByRole("button", { name: "Allow" }).click();
  const token = await flow.finish();
  await expectWorks(request, token);

  // A super admin of the same account (arrangeOAuthApp's own admin is not handed out).
  const db = await databaseFor(test.info());
  const admin = await createUser(
    db,
    app.accountId,
    {
      email: `connected-admin.${app.clientId.slice(-8).toLowerCase()}@e2e.test`,
      name: "Connected Admin",
      password: E2E_USER_PASSWORD,
      role: "super_admin",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId: app.accountId },
    NO_REQUEST,
  );
  await page.context().clearCookies();
  await signInExpectingDashboard(page, admin.email, E2E_USER_PASSWORD);
  await page.goto("/oauth-apps");
  const grants = page.getByRole("table", { name: `Users who allowed ${app.name}` });
  const row = grants.getByRole("row").filter({ hasText: user.email });
  await expect(row).toContainText("See the users you can see in Keyward");

  await row.getByRole("button", { name: `Disconnect ${app.name} for ${user.email}` }).click();
  const dialog = page.getByRole("dialog", { name: `Disconnect ${app.name}?` });
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(dialog).toBeHidden();
  await expect(grants).toBeHidden();
  await expectRefused(request, token);
});

test("prompt=none answers at once: a code for what was allowed, consent_required for a new scope, login_required signed out", async ({
  page,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  const config = await discover(app);
  const authorizeUrl = async (scope: string, prompt?: string) =>
    client
      .buildAuthorizationUrl(config, {
        redirect_uri: loopback.redirectUri,
        scope,
        state: client.randomState(),
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: "S256",
        ...(prompt ? { prompt } : {}),
      })
      .toString();

  await page.goto(await authorizeUrl("users:read", "none"));
  expect((await arrivalAt(page, loopback.redirectUri)).get("error")).toBe("login_required");

  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto(await authorizeUrl("users:read", "none"));
  expect((await arrivalAt(page, loopback.redirectUri)).get("error")).toBe("consent_required");

  await page.goto(await authorizeUrl("users:read"));
  await page.getByRole("button", { name: "Allow" }).click();
  expect((await arrivalAt(page, loopback.redirectUri)).get("code")).toMatch(/^kw_ac_/);

  await page.goto(await authorizeUrl("users:read", "none"));
  expect((await arrivalAt(page, loopback.redirectUri)).get("code")).toMatch(/^kw_ac_/);
  await page.goto(await authorizeUrl("users:read advertisers:read", "none"));
  expect((await arrivalAt(page, loopback.redirectUri)).get("error")).toBe("consent_required");
  // prompt=consent shows the page even for what was allowed.
  await page.goto(await authorizeUrl("users:read", "consent"));
  await expect(consentHeading(page, app)).toHaveText(`${app.name} wants to access your Keyward account`);
});

// "Log in with Keyward" (OpenID Connect) with openid-client as the relying party, in Chromium
// against the production build, on both databases: discovery from the issuer alone, the code
// flow with PKCE and a nonce through the consent page, the ID token validated by openid-client
// against the JWKS (signature, iss, aud, exp, nonce), UserInfo; then an account's super admin
// rotates its signing key on its screen, the next ID token names the new kid, the old key stays in
// the JWKS, and another account's ID tokens keep their own kid (keys are per account).
import { expect, test, type Page } from "@playwright/test";
import * as client from "openid-client";
import { decodeProtectedHeader } from "jose";
import { arrangePersonalToken } from "./support/api";
import { arrangeOAuthApp, startLoopbackApp, type ConsentingUser, type LoopbackApp } from "./support/oauth-flow";
import { resumeSession } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";

let loopback: LoopbackApp;
test.beforeAll(async () => {
  loopback = await startLoopbackApp();
});
test.beforeEach(() => loopback.reset());
test.afterAll(async () => {
  await loopback.close();
});

function issuer(): URL {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("no baseURL");
  return new URL(url);
}

/**
 * The relying party's side: discovery, then one sign-in through Keyward's consent page, or
 * straight back to the app when the user already allowed these scopes (remembered consent).
 */
async function logInWithKeyward(
  page: Page,
  config: client.Configuration,
  user: ConsentingUser,
  signIn: boolean,
  consentRemembered = false,
) {
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: loopback.redirectUri,
    scope: "openid profile email",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    state,
  });
  if (signIn) await signInExpectingDashboard(page, user.email, user.password);
  await page.goto(url.href);
  if (!consentRemembered) {
    const permissions = page.getByRole("list", { name: "Requested permissions" });
    await expect(permissions).toContainText("Sign you in with your Keyward account");
    await expect(permissions).toContainText("See your name");
    await expect(permissions).toContainText("See your email address");
    await page.getByRole("button", { name: "Allow" }).click();
  }
  await expect(page.getByRole("heading", { name: "Back in the app" })).toBeVisible();
  const [arrival] = loopback.arrivalsAt("/callback");
  if (!arrival) throw new Error("the app's loopback listener was not reached");
  const callback = new URL(`${loopback.origin}${arrival.pathname}${arrival.search}`);
  // openid-client checks state, iss, PKCE, and the ID token's signature (JWKS), iss, aud, exp and nonce.
  return client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
    idTokenExpected: true,
  });
}

async function discover(clientId: string, secret: string | null): Promise<client.Configuration> {
  return client.discovery(issuer(), clientId, secret ?? undefined, undefined, {
    execute: [client.allowInsecureRequests],
  });
}

async function jwksKids(page: Page): Promise<string[]> {
  const response = await page.request.get("/oauth2/jwks");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { keys: Array<{ kid: string; d?: string }> };
  expect(body.keys.every((key) => key.d === undefined)).toBe(true);
  return body.keys.map((key) => key.kid);
}

test("openid-client discovers Keyward, logs a user in with a nonce, validates the ID token and reads UserInfo", async ({
  page,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback, { scopes: ["openid", "profile", "email"] });
  const config = await discover(app.clientId, app.clientSecret);
  const metadata = config.serverMetadata();
  expect(metadata.issuer).toBe(issuer().href.replace(/\/$/, ""));
  expect(metadata).toMatchObject({
    jwks_uri: `${metadata.issuer}/oauth2/jwks`,
    userinfo_endpoint: `${metadata.issuer}/oauth2/userinfo`,
    id_token_signing_alg_values_supported: ["ES256"],
    subject_types_supported: ["public"],
    response_types_supported: ["code"],
  });

  const tokens = await logInWithKeyward(page, config, user, true);
  const claims = tokens.claims();
  expect(claims).toMatchObject({ sub: user.id, aud: app.clientId, name: "OAuth User", email: user.email });
  expect(claims?.auth_time).toEqual(expect.any(Number));
  expect(tokens.scope).toBe("openid profile email");

  const info = await client.fetchUserInfo(config, tokens.access_token, user.id);
  expect(info).toEqual({ sub: user.id, name: "OAuth User", email: user.email, email_verified: false });

  // A token granted only identity scopes opens no API route.
  const api = await page.request.get("/v1/users", { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(api.status()).toBe(403);
  // UserInfo refuses anything but a live access token, the RFC 6750 way.
  const refused = await page.request.get("/oauth2/userinfo", { headers: { Authorization: "Bearer kw_oat_nothing" } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain('error="invalid_token"');
  // A valid credential of another kind cannot carry openid: 403, naming the scope.
  const { token: personal } = await arrangePersonalToken(test.info());
  const otherKind = await page.request.get("/oauth2/userinfo", { headers: { Authorization: `Bearer ${personal}` } });
  expect(otherKind.status()).toBe(403);
  expect(otherKind.headers()["www-authenticate"]).toContain('scope="openid"');
});

test("a super admin rotates their account's signing key on its screen: the new kid signs, the old one stays in the JWKS, another account keeps its kid", async ({
  page,
  browser,
}) => {
  const {
    app,
    user,
    admin: accountAdmin,
  } = await arrangeOAuthApp(test.info(), loopback, {
    scopes: ["openid", "profile", "email"],
  });
  const config = await discover(app.clientId, app.clientSecret);
  const before = await logInWithKeyward(page, config, user, true);
  const oldKid = decodeProtectedHeader(before.id_token!).kid!;

  // Another account, with its own app and user: its ID tokens are signed with its own key.
  const other = await arrangeOAuthApp(test.info(), loopback, { scopes: ["openid", "profile", "email"] });
  const otherConfig = await discover(other.app.clientId, other.app.clientSecret);
  const otherContext = await browser.newContext();
  const otherPage = await otherContext.newPage();
  loopback.reset();
  const otherBefore = await logInWithKeyward(otherPage, otherConfig, other.user, true);
  const otherKid = decodeProtectedHeader(otherBefore.id_token!).kid!;
  expect(otherKid).not.toBe(oldKid);

  // A super admin of yet another account (the shared one) sees neither account's keys.
  const sharedContext = await browser.newContext();
  const shared = await sharedContext.newPage();
  await resumeSession(shared, "super_admin");
  await shared.goto("/settings/signing-keys");
  await expect(shared.getByRole("heading", { name: "Signing keys", level: 1 })).toBeVisible();
  await expect(shared.locator("main")).not.toContainText(oldKid);
  await expect(shared.locator("main")).not.toContainText(otherKid);
  await sharedContext.close();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInExpectingDashboard(admin, accountAdmin.email, accountAdmin.password);
  await admin.goto("/settings/signing-keys");
  await expect(admin.getByRole("heading", { name: "Signing keys", level: 1 })).toBeVisible();
  await expect(admin.getByTestId("signing-key-current")).toContainText(oldKid);
  await expect(admin.locator("main")).not.toContainText(otherKid);
  await admin.getByRole("button", { name: "Rotate signing key" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Rotate" }).click();
  await expect(admin.getByTestId("signing-key-current")).not.toContainText(oldKid);
  const newKid = (await admin.getByTestId("signing-key-current").locator("td").first().innerText()).trim();
  await expect(admin.getByTestId("signing-key-published").first()).toContainText(oldKid);
  await adminContext.close();

  loopback.reset();
  const after = await logInWithKeyward(page, config, user, false, true);
  expect(decodeProtectedHeader(after.id_token!).kid).toBe(newKid);
  // The rotation was this account's only: the other account's next ID token names its old kid.
  loopback.reset();
  const otherAfter = await logInWithKeyward(otherPage, otherConfig, other.user, false, true);
  expect(decodeProtectedHeader(otherAfter.id_token!).kid).toBe(otherKid);
  await otherContext.close();
  const kids = await jwksKids(page);
  expect(kids).toContain(newKid);
  expect(kids).toContain(oldKid);
  expect(kids).toContain(otherKid);
});

// The authorization code flow with PKCE (generic guide; Deskpro seed 002: "the user is
// redirected to Deskpro where the user logs in, is asked to confirm they want to allow the
// connection, is redirected back to your app, then you finish the OAuth2 flow and obtain a
// token"): GET /oauth2/authorize, the consent page, Allow / Deny, POST /oauth2/token.
import { expect, test, type Page } from "@playwright/test";
import { expectBearerError } from "./support/api";
import {
  HTTPS_REDIRECT_URI,
  arrangeOAuthApp,
  arrivalAt,
  authorizePath,
  exchangeCode,
  pkcePair,
  randomState,
  standInForApp,
  startLoopbackApp,
  type ConsentingUser,
  type LoopbackApp,
  type OAuthApp,
} from "./support/oauth-flow";
import { signIn, signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeUser } from "./support/users";

const REFUSAL_HEADING = "This app's request cannot be completed";

// The native app's loopback listener, one per worker; the tests of a worker run one at a time.
let loopback: LoopbackApp;
test.beforeAll(async () => {
  loopback = await startLoopbackApp();
});
test.beforeEach(() => loopback.reset());
test.afterAll(async () => {
  await loopback.close();
});

function consentHeading(page: Page, app: OAuthApp) {
  return page.getByRole("heading", { level: 1, name: `${app.name} wants to access your Keyward account` });
}

function baseURL(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("no baseURL");
  return url;
}

async function codesIssuedFor(app: OAuthApp): Promise<number> {
  return (await databaseFor(test.info())).oAuthAuthorizationCode.count({ where: { clientId: app.id } });
}

/** Signs in, opens the consent page for a fresh request, and waits for it. */
async function openConsent(
  page: Page,
  app: OAuthApp,
  user: ConsentingUser,
  options: { redirectUri?: string; scope?: string } = {},
) {
  const state = randomState();
  const pkce = pkcePair();
  const redirectUri = options.redirectUri ?? loopback.redirectUri;
  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto(
    authorizePath({
      response_type: "code",
      client_id: app.clientId,
      redirect_uri: redirectUri,
      scope: options.scope ?? "advertisers:read users:read",
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
    }),
  );
  await expect(consentHeading(page, app)).toBeVisible();
  return { state, pkce, redirectUri };
}

test("a network user signs in from the app's link, allows it, and the app exchanges the code once for a token that works", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  const arrivals = () => loopback.arrivalsAt("/callback");
  const state = randomState();
  const { verifier, challenge } = pkcePair();

  // Signed out: the app's link leads to the sign-in page, and after sign-in back to the request.
  await page.goto(
    authorizePath({
      response_type: "code",
      client_id: app.clientId,
      redirect_uri: loopback.redirectUri,
      scope: "advertisers:read users:read",
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    }),
  );
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Foauth2%2Fauthorize%3F/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(consentHeading(page, app)).toBeVisible();
  await expect(page).toHaveURL(/\/oauth2\/authorize\?/);
  await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();
  const permissions = page.getByRole("list", { name: "Requested permissions" }).getByRole("listitem");
  await expect(permissions).toHaveCount(2);
  await expect(permissions.nth(0)).toContainText("See the advertisers you can reach");
  await expect(permissions.nth(0)).toContainText("advertisers:read");
  await expect(permissions.nth(1)).toContainText("See the users you can see in Keyward");
  await expect(permissions.nth(1)).toContainText("users:read");
  await expect(page.getByText("Not granted")).toHaveCount(0);
  await expect(page.getByTestId("consent-destination")).toHaveText(loopback.origin);

  // Never framed, never cached.
  const reloaded = await page.reload();
  const headers = reloaded?.headers() ?? {};
  expect(headers["cache-control"]).toContain("no-store");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  await expect(consentHeading(page, app)).toBeVisible();
  expect(arrivals()).toHaveLength(0);

  await page.getByRole("button", { name: "Allow" }).click();
  const answer = await arrivalAt(page, loopback.redirectUri);
  const code = answer.get("code") ?? "";
  expect(code).toMatch(/^kw_ac_[0-9A-Za-z]{38}$/);
  expect(answer.get("state")).toBe(state);
  const metadata = (await (await request.get("/.well-known/oauth-authorization-server")).json()) as { issuer: string };
  expect(metadata.issuer).toBe(baseURL());
  expect(answer.get("iss")).toBe(metadata.issuer);
  expect(answer.get("error")).toBeNull();
  expect(arrivals()).toHaveLength(1);

  const exchanged = await exchangeCode(request, app, {
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: verifier,
  });
  expect(exchanged.status()).toBe(200);
  expect(exchanged.headers()["cache-control"]).toBe("no-store");
  const token = (await exchanged.json()) as Record<string, unknown>;
  expect(token).toMatchObject({
    token_type: "Bearer",
    scope: "advertisers:read users:read",
    expires_in: expect.any(Number),
  });
  expect(token.access_token).toMatch(/^kw_oat_/);
  expect(token).not.toHaveProperty("refresh_token");
  const accessToken = String(token.access_token);

  const users = await request.get("/v1/users", { headers: { Authorization: `Bearer ${accessToken}` } });
  expect(users.status()).toBe(200);
  expect(((await users.json()) as { users: { email: string }[] }).users.map((listed) => listed.email)).toContain(
    user.email,
  );

  // The same code again: refused, and the token it bought is revoked (RFC 6749 4.1.2).
  const replay = await exchangeCode(request, app, {
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: verifier,
  });
  expect(replay.status()).toBe(400);
  expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
  expectBearerError(
    await request.get("/v1/users", { headers: { Authorization: `Bearer ${accessToken}` } }),
    401,
    "invalid_token",
  );

  // Audited by who allowed what, and neither the code nor the token is in the audit log.
  const db = await databaseFor(test.info());
  expect(await db.auditEvent.count({ where: { action: "oauth.authorized", actorId: user.id, targetId: app.id } })).toBe(
    1,
  );
  for (const secret of [code, accessToken, app.clientSecret ?? code]) {
    expect(
      await db.auditEvent.count({
        where: { OR: [{ details: { contains: secret } }, { targetLabel: { contains: secret } }] },
      }),
    ).toBe(0);
  }
});

test("a public client (no secret: a mobile or single-page app) completes the flow with client_id and PKCE alone", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback, { public: true });
  expect(app.clientSecret).toBeNull();
  const { verifier, challenge } = pkcePair();
  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto(
    authorizePath({
      response_type: "code",
      client_id: app.clientId,
      redirect_uri: loopback.redirectUri,
      scope: "users:read",
      state: randomState(),
      code_challenge: challenge,
      code_challenge_method: "S256",
    }),
  );
  await page.getByRole("button", { name: "Allow" }).click();
  const code = (await arrivalAt(page, loopback.redirectUri)).get("code") ?? "";

  // Without the verifier the code is worth nothing, even to the app that asked for it.
  const guessed = await exchangeCode(request, app, {
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: pkcePair().verifier,
  });
  expect(guessed.status()).toBe(400);
  expect(await guessed.json()).toMatchObject({ error: "invalid_grant" });
  const exchanged = await exchangeCode(request, app, {
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: verifier,
  });
  expect(exchanged.status()).toBe(200);
  const { access_token: token } = (await exchanged.json()) as { access_token: string };
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
  // A public client cannot use client credentials, and a secret sent for it is refused.
  const credentials = await request.post("/oauth2/token", {
    form: { grant_type: "client_credentials", client_id: app.clientId },
  });
  expect(await credentials.json()).toMatchObject({ error: "unauthorized_client" });
  const withSecret = await request.post("/oauth2/token", {
    form: { grant_type: "client_credentials", client_id: app.clientId, client_secret: "kw_cs_forged" },
  });
  expect(withSecret.status()).toBe(401);
  // It revokes its own token with its client_id (RFC 7009).
  expect((await request.post("/oauth2/revoke", { form: { token, client_id: app.clientId } })).status()).toBe(200);
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("Deny sends the user back to the app with access_denied and its state, issues no code, and is audited", async ({
  page,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  const arrivals = await standInForApp(page, HTTPS_REDIRECT_URI);
  const { state } = await openConsent(page, app, user, { redirectUri: HTTPS_REDIRECT_URI });
  await expect(page.getByTestId("consent-destination")).toHaveText("https://client.keyward-e2e.test");

  await page.getByRole("button", { name: "Deny" }).click();
  const answer = await arrivalAt(page, HTTPS_REDIRECT_URI);
  expect(answer.get("error")).toBe("access_denied");
  expect(answer.get("state")).toBe(state);
  expect(answer.get("iss")).toBe(baseURL());
  expect(answer.get("code")).toBeNull();
  expect(arrivals).toHaveLength(1);

  expect(await codesIssuedFor(app)).toBe(0);
  const db = await databaseFor(test.info());
  expect(await db.auditEvent.count({ where: { action: "oauth.denied", actorId: user.id, targetId: app.id } })).toBe(1);
  expect(await db.auditEvent.count({ where: { action: "oauth.authorized", targetId: app.id } })).toBe(0);
});

test("an unregistered redirect_uri or an unknown client_id is shown on Keyward and never followed", async ({
  page,
}) => {
  const { app } = await arrangeOAuthApp(test.info(), loopback);
  const elsewhere = `${loopback.origin}/elsewhere`;
  const { challenge } = pkcePair();
  const request = {
    response_type: "code",
    client_id: app.clientId,
    scope: "users:read",
    state: randomState(),
    code_challenge: challenge,
    code_challenge_method: "S256",
  };

  const mismatch = await page.goto(authorizePath({ ...request, redirect_uri: elsewhere }));
  await expect(page.getByRole("heading", { level: 1, name: REFUSAL_HEADING })).toBeVisible();
  await expect(page.locator("#authorize-error")).toContainText("redirect_uri mismatch");
  expect(new URL(page.url()).origin).toBe(baseURL());
  expect(mismatch?.headers()["cache-control"]).toContain("no-store");
  // Nothing to go back to: the page offers no way to the address it does not trust.
  await expect(page.getByRole("link")).toHaveCount(0);
  await expect(page.getByRole("button")).toHaveCount(0);

  await page.goto(
    authorizePath({ ...request, client_id: "kwc_NoSuchAppRegisteredHere0", redirect_uri: loopback.redirectUri }),
  );
  await expect(page.getByRole("heading", { level: 1, name: REFUSAL_HEADING })).toBeVisible();
  await expect(page.locator("#authorize-error")).toContainText("not registered with Keyward (unknown client_id)");
  expect(new URL(page.url()).origin).toBe(baseURL());

  expect(loopback.arrivalsAt("/elsewhere")).toHaveLength(0);
  expect(loopback.arrivalsAt("/callback")).toHaveLength(0);
});

test("a request without PKCE S256 goes back to the app with invalid_request, before any sign-in", async ({ page }) => {
  const { app } = await arrangeOAuthApp(test.info(), loopback);
  const { verifier, challenge } = pkcePair();
  const cases = [
    {
      name: "plain",
      params: { code_challenge: verifier, code_challenge_method: "plain" },
      description: "Only code_challenge_method=S256",
    },
    { name: "no challenge", params: {}, description: "PKCE is required" },
    { name: "no method", params: { code_challenge: challenge }, description: "PKCE is required" },
  ];
  for (const { params, description } of cases) {
    const state = randomState();
    await page.goto(
      authorizePath({
        response_type: "code",
        client_id: app.clientId,
        redirect_uri: loopback.redirectUri,
        scope: "users:read",
        state,
        ...params,
      }),
    );
    const answer = await arrivalAt(page, loopback.redirectUri);
    expect(answer.get("error")).toBe("invalid_request");
    expect(answer.get("error_description")).toContain(description);
    expect(answer.get("state")).toBe(state);
    expect(answer.get("iss")).toBe(baseURL());
    expect(answer.get("code")).toBeNull();
  }
  expect(await codesIssuedFor(app)).toBe(0);
});

test("an Allow whose hidden redirect_uri was tampered with sends no code anywhere", async ({ page }) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  const tampered = `${loopback.origin}/attacker`;
  await openConsent(page, app, user);

  await page
    .locator('input[type="hidden"][name="redirect_uri"]')
    .evaluate((input, value) => ((input as HTMLInputElement).value = value), tampered);
  await page.getByRole("button", { name: "Allow" }).click();

  await expect(page.getByRole("heading", { level: 1, name: REFUSAL_HEADING })).toBeVisible();
  await expect(page.locator("#authorize-error")).toContainText("redirect_uri mismatch");
  expect(new URL(page.url()).origin).toBe(baseURL());
  expect(loopback.arrivalsAt("/attacker")).toHaveLength(0);
  expect(loopback.arrivalsAt("/callback")).toHaveLength(0);
  expect(await codesIssuedFor(app)).toBe(0);
});

test("a double-clicked Allow still ends on the app with a code that works", async ({ page, request }) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  const arrivals = () => loopback.arrivalsAt("/callback");
  const { state, pkce } = await openConsent(page, app, user, { scope: "users:read" });

  await page.getByRole("button", { name: "Allow" }).dblclick();
  const answer = await arrivalAt(page, loopback.redirectUri);
  expect(answer.get("state")).toBe(state);
  // The buttons disable on the first press; should a second answer get through anyway, it
  // only means a second code: the browser still ends on the app with one that works.
  expect(arrivals().length).toBeGreaterThanOrEqual(1);
  expect(await codesIssuedFor(app)).toBeGreaterThanOrEqual(1);

  const exchanged = await exchangeCode(request, app, {
    code: answer.get("code") ?? "",
    redirect_uri: loopback.redirectUri,
    code_verifier: pkce.verifier,
  });
  expect(exchanged.status()).toBe(200);
  expect(await exchanged.json()).toMatchObject({ scope: "users:read" });
});

test("a wrong code_verifier or redirect_uri at the token endpoint is invalid_grant", async ({ page, request }) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  const { pkce } = await openConsent(page, app, user);
  await page.getByRole("button", { name: "Allow" }).click();
  const code = (await arrivalAt(page, loopback.redirectUri)).get("code") ?? "";

  const wrongVerifier = await exchangeCode(request, app, {
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: pkcePair().verifier,
  });
  expect(wrongVerifier.status()).toBe(400);
  expect(wrongVerifier.headers()["cache-control"]).toBe("no-store");
  expect(await wrongVerifier.json()).toMatchObject({
    error: "invalid_grant",
    error_description: expect.stringContaining("PKCE"),
  });

  const wrongRedirect = await exchangeCode(request, app, {
    code,
    redirect_uri: HTTPS_REDIRECT_URI,
    code_verifier: pkce.verifier,
  });
  expect(wrongRedirect.status()).toBe(400);
  expect(await wrongRedirect.json()).toMatchObject({ error: "invalid_grant" });
});

test("scopes the user's role does not allow are shown as not granted and left out of the token", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback, {
    role: "advertiser_user",
    scopes: ["advertisers:read", "publishers:read"],
  });
  const { pkce } = await openConsent(page, app, user, { scope: "advertisers:read publishers:read" });

  const permissions = page.getByRole("list", { name: "Requested permissions" }).getByRole("listitem");
  await expect(permissions.filter({ hasText: "advertisers:read" })).not.toContainText("Not granted");
  await expect(permissions.filter({ hasText: "publishers:read" })).toContainText(
    "Not granted: your role does not allow it",
  );

  await page.getByRole("button", { name: "Allow" }).click();
  const code = (await arrivalAt(page, loopback.redirectUri)).get("code") ?? "";
  const exchanged = await exchangeCode(request, app, {
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: pkce.verifier,
  });
  expect(exchanged.status()).toBe(200);
  expect(await exchanged.json()).toMatchObject({ scope: "advertisers:read" });
});

test("a user of another account cannot allow or deny the app", async ({ page }) => {
  const { app } = await arrangeOAuthApp(test.info(), loopback);
  const outsider = await arrangeUser(test.info());
  const arrivals = () => loopback.arrivalsAt("/callback");
  await signIn(page, outsider.email, outsider.password);
  await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await page.goto(
    authorizePath({
      response_type: "code",
      client_id: app.clientId,
      redirect_uri: loopback.redirectUri,
      scope: "users:read",
      state: randomState(),
      code_challenge: pkcePair().challenge,
      code_challenge_method: "S256",
    }),
  );

  await expect(page.getByRole("heading", { level: 1, name: REFUSAL_HEADING })).toBeVisible();
  await expect(page.locator("#authorize-error")).toHaveText(`${app.name} is not available to your account.`);
  await expect(page.getByRole("button", { name: "Allow" })).toHaveCount(0);
  expect(arrivals()).toHaveLength(0);
  expect(await codesIssuedFor(app)).toBe(0);
});

test("sign-in follows a callbackUrl only within Keyward, so the consent page's detour cannot be bent to another site", async ({
  page,
}) => {
  const { user } = await arrangeOAuthApp(test.info(), loopback);
  // "/\host/path" starts with a single slash, yet a browser resolves it to http://host/path.
  const offSite = `/\\${new URL(loopback.origin).host}/stolen`;
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(offSite)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(baseURL());
  expect(loopback.arrivalsAt("/stolen")).toHaveLength(0);
});

// The OAuth Apps screen (SPEC screen 6, the generic guide): a super admin registers a client,
// sees its client secret once, rotates it and deletes the app; the app obtains kw_oat_ Bearer
// tokens at POST /oauth2/token exactly as the seed's example does, and they work on /v1/users.
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./support/server";
import { databaseFor } from "./support/state";
import { expectBearerError } from "./support/api";
import { clipboardText, credentialBySecret } from "./support/credentials";
import { resumeSession } from "./support/sessions";
import { arrangeUser } from "./support/users";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

async function openOAuthApps(page: Page) {
  await resumeSession(page, "super_admin");
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "OAuth Apps" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "OAuth Apps" })).toBeVisible();
}

/** The seed's request: client_id and client_secret in the form body. */
function tokenWithBody(request: APIRequestContext, clientId: string, secret: string): Promise<APIResponse> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: secret,
  }).toString();
  return request.post("/oauth2/token", { headers: FORM, data: body });
}

/** The same with HTTP Basic (RFC 6749 2.3.1: both halves form-encoded, then base64). */
function tokenWithBasic(request: APIRequestContext, clientId: string, secret: string): Promise<APIResponse> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64");
  return request.post("/oauth2/token", {
    headers: { ...FORM, Authorization: `Basic ${basic}` },
    data: "grant_type=client_credentials",
  });
}

async function expectAccessToken(response: APIResponse, scope: string): Promise<string> {
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toEqual({
    access_token: expect.stringMatching(/^kw_oat_[0-9A-Za-z]{38}$/),
    token_type: "Bearer",
    expires_in: 3600,
    scope,
  });
  return body.access_token as string;
}

function expectInvalidClient(response: APIResponse) {
  expect(response.status()).toBe(401);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["www-authenticate"]).toMatch(/^Basic /);
}

/** Registers a client-credentials app in the browser; returns its client id and the secret shown once. */
async function registerInBrowser(
  page: Page,
  options: { name: string; serviceUserId: string; scopes: string[] },
): Promise<{ clientId: string; secret: string }> {
  await page.getByRole("button", { name: "Register OAuth App" }).click();
  const dialog = page.getByRole("dialog", { name: "Register OAuth App" });
  await dialog.getByLabel("Name", { exact: true }).fill(options.name);
  await dialog.getByRole("checkbox", { name: "Client credentials" }).check();
  for (const scope of options.scopes) await dialog.getByRole("checkbox", { name: scope }).check();
  await dialog.getByRole("combobox", { name: "Acts as user" }).selectOption(options.serviceUserId);
  await dialog.getByRole("button", { name: "Register", exact: true }).click();

  const clientId = await dialog.getByRole("textbox", { name: "Client ID" }).inputValue();
  expect(clientId).toMatch(/^kwc_[0-9A-Za-z]{24}$/);
  const secret = await dialog.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(/^kw_cs_[0-9A-Za-z]{38}$/);
  await expect(dialog.getByText("You will not be able to see it again.")).toBeVisible();
  await dialog.getByRole("button", { name: "Copy to clipboard" }).click();
  expect(await clipboardText(page)).toBe(secret);
  await dialog.getByRole("button", { name: "Copy client ID" }).click();
  expect(await clipboardText(page)).toBe(clientId);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return { clientId, secret };
}

test("the form answers bad input next to each field, keeps what was typed and registers nothing", async ({ page }) => {
  const db = await databaseFor(test.info());
  await openOAuthApps(page);
  const admin = await db.user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email } });

  // Nothing filled: each field says what it needs.
  await page.getByRole("button", { name: "Register OAuth App" }).click();
  const dialog = page.getByRole("dialog", { name: "Register OAuth App" });
  await dialog.getByRole("button", { name: "Register", exact: true }).click();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/Enter a name/);
  await expect(dialog.locator("#app-grantTypes-error")).toHaveText("Choose at least one grant");
  await expect(dialog.locator("#app-scopes-error")).toHaveText("Choose at least one scope");
  await expect(dialog.getByRole("group", { name: "Scopes" })).toHaveAccessibleDescription(/Choose at least one scope/);

  // Plain http to another machine is refused as a redirect URI; client credentials needs its user.
  const name = `Refused ${Date.now()}`;
  const typedUris = "https://app.example.com/callback\nhttp://app.example.com/callback";
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Redirect URIs").fill(typedUris);
  await dialog.getByRole("checkbox", { name: "Authorization code (with PKCE)" }).check();
  await dialog.getByRole("checkbox", { name: "Client credentials" }).check();
  await dialog.getByRole("checkbox", { name: "users:read" }).check();
  await dialog.getByRole("button", { name: "Register", exact: true }).click();
  const redirectUris = dialog.getByLabel("Redirect URIs");
  await expect(redirectUris).toHaveAccessibleDescription(
    /http:\/\/app\.example\.com\/callback: Use https \(plain http only for localhost, 127\.0\.0\.1 or \[::1\]\)/,
  );
  await expect(redirectUris).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.locator("#app-name-error")).toHaveCount(0);
  // What was typed and ticked is still there to fix.
  await expect(redirectUris).toHaveValue(typedUris);
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(dialog.getByRole("checkbox", { name: "Client credentials" })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: "users:read" })).toBeChecked();

  // Plain http to the user's own machine is fine; client credentials still needs its user.
  await redirectUris.fill("https://app.example.com/callback\nhttp://127.0.0.1:8123/callback");
  await dialog.getByRole("button", { name: "Register", exact: true }).click();
  await expect(dialog.getByRole("combobox", { name: "Acts as user" })).toHaveAccessibleDescription(
    /Choose the user whose privileges client-credentials tokens carry/,
  );
  await expect(dialog.locator("#app-redirectUris-error")).toHaveCount(0);
  await expect(redirectUris).toHaveValue("https://app.example.com/callback\nhttp://127.0.0.1:8123/callback");

  // Nothing registered by any of the three submissions: no app by this name, and none without
  // one. (Not a count of the account's apps: specs running beside this one register theirs in
  // the same account, and a count taken before and after raced them.)
  expect(await db.oAuthClient.count({ where: { accountId: admin.accountId, name: { in: [name, ""] } } })).toBe(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
});

test("an admin registers a client-credentials app, sees its secret once, and the seed's token request works", async ({
  page,
  request,
}) => {
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  await openOAuthApps(page);
  const name = `Reporting ${Date.now()}`;
  const { clientId, secret } = await registerInBrowser(page, {
    name,
    serviceUserId: owner.id,
    scopes: ["users:read", "data:read"],
  });

  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(clientId);
  await expect(row).toContainText("Client credentials");
  await expect(row).toContainText("users:read, data:read");
  await expect(row).toContainText(owner.email);
  await expect(row).toContainText(`kw_cs_…${secret.slice(-4)}`);
  await row.getByRole("button", { name: `Copy client ID of ${name}` }).click();
  expect(await clipboardText(page)).toBe(clientId);
  // Shown once: neither the page nor a fresh load of it holds the secret.
  expect(await page.content()).not.toContain(secret);
  expect(await (await page.request.get("/oauth-apps")).text()).not.toContain(secret);
  expect(await credentialBySecret(test.info(), secret)).toMatchObject({ kind: "cs", status: "active", userId: null });

  // The seed's exact request: client_id and client_secret in a form body.
  const token = await expectAccessToken(await tokenWithBody(request, clientId, secret), "users:read data:read");
  const users = await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } });
  expect(users.status()).toBe(200);
  const listed = (await users.json()) as { users: { email: string }[] };
  expect(listed.users.map((user) => user.email)).toContain(owner.email);
  expect(await credentialBySecret(test.info(), token)).toMatchObject({
    kind: "oat",
    userId: owner.id,
    scopes: "users:read data:read",
  });

  // HTTP Basic works as well.
  const basicToken = await expectAccessToken(await tokenWithBasic(request, clientId, secret), "users:read data:read");
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${basicToken}` } })).status()).toBe(200);

  // The list counts the app's live tokens.
  await page.reload();
  await expect(
    page
      .getByRole("row", { name: new RegExp(name) })
      .getByRole("cell")
      .nth(6),
  ).toHaveText("2");

  const db = await databaseFor(test.info());
  const registered = await db.auditEvent.findFirstOrThrow({
    where: { action: "oauth.client_registered", targetLabel: clientId },
  });
  expect(registered).toMatchObject({ actorLabel: E2E_ADMIN.email, targetType: "oauth_client", ip: "127.0.0.1" });
  expect(JSON.parse(registered.details ?? "{}")).toMatchObject({
    name,
    grants: "client_credentials",
    scopes: "users:read data:read",
    secretHint: `kw_cs_…${secret.slice(-4)}`,
  });
  expect(JSON.stringify(registered)).not.toContain(secret);
});

test("Rotate secret: the old secret is refused at once and the new one works; Delete revokes every token of the app", async ({
  page,
  request,
}) => {
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  await openOAuthApps(page);
  const name = `Rotated ${Date.now()}`;
  const { clientId, secret: oldSecret } = await registerInBrowser(page, {
    name,
    serviceUserId: owner.id,
    scopes: ["users:read"],
  });
  const firstToken = await expectAccessToken(await tokenWithBody(request, clientId, oldSecret), "users:read");

  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: `Rotate secret for ${name}` }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate client secret" });
  await expect(rotate).toContainText("With no grace period the old secret stops working at once");
  await expect(rotate.getByLabel("Grace period")).toHaveValue("0");
  await rotate.getByRole("button", { name: "Rotate secret", exact: true }).click();
  const newSecret = await rotate.getByTestId("new-secret").inputValue();
  expect(newSecret).toMatch(/^kw_cs_[0-9A-Za-z]{38}$/);
  expect(newSecret).not.toBe(oldSecret);
  await expect(rotate.getByText("You will not be able to see it again.")).toBeVisible();
  await rotate.getByRole("button", { name: "Copy to clipboard" }).click();
  expect(await clipboardText(page)).toBe(newSecret);

  // Rotated through this server's own screen: refused by it at once.
  expectInvalidClient(await tokenWithBody(request, clientId, oldSecret));
  expectInvalidClient(await tokenWithBasic(request, clientId, oldSecret));
  const secondToken = await expectAccessToken(await tokenWithBody(request, clientId, newSecret), "users:read");
  // Tokens obtained before the rotation stay valid until they expire, as the dialog says.
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${firstToken}` } })).status()).toBe(200);

  await rotate.getByRole("button", { name: "Done" }).click();
  await expect(rotate).toBeHidden();
  await expect(row).toContainText(`kw_cs_…${newSecret.slice(-4)}`);
  await expect(row).not.toContainText(`kw_cs_…${oldSecret.slice(-4)}`);
  expect(await page.content()).not.toContain(newSecret);

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: "Delete OAuth app?" });
  await expect(confirm).toContainText("every access token the app obtained are revoked");
  await expect(confirm).toContainText(clientId);
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
  await expect(page.getByText(clientId)).toHaveCount(0);

  for (const token of [firstToken, secondToken]) {
    expectBearerError(
      await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } }),
      401,
      "invalid_token",
    );
  }
  expectInvalidClient(await tokenWithBody(request, clientId, newSecret));
  const db = await databaseFor(test.info());
  expect(await db.oAuthClient.count({ where: { clientId } })).toBe(0);
  const deleted = await db.auditEvent.findFirstOrThrow({
    where: { action: "oauth.client_deleted", targetLabel: clientId },
  });
  expect(JSON.parse(deleted.details ?? "{}")).toMatchObject({ name, tokensRevoked: 2 });
  const rotated = await db.auditEvent.findFirstOrThrow({
    where: { action: "oauth.client_secret_rotated", targetLabel: clientId },
  });
  expect(JSON.stringify(rotated)).not.toContain(newSecret);
});

test("a network user has no OAuth Apps entry and gets 403 from the page", async ({ page }) => {
  await resumeSession(page, "network_user");
  await expect(
    page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "OAuth Apps" }),
  ).toHaveCount(0);
  const response = await page.goto("/oauth-apps");
  expect(response?.status()).toBe(403);
});

test("a public client (mobile or single-page app) is registered without a secret, and offers no Rotate", async ({
  page,
}) => {
  await openOAuthApps(page);
  const name = `Mobile ${Date.now()}`;
  await page.getByRole("button", { name: "Register OAuth App" }).click();
  const dialog = page.getByRole("dialog", { name: "Register OAuth App" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByRole("radio", { name: /^Public/ }).check();
  await dialog.getByLabel("Redirect URIs").fill("com.example.mobile:/oauth/callback");
  await dialog.getByRole("checkbox", { name: "Client credentials" }).check();
  await dialog.getByRole("checkbox", { name: "users:read" }).check();
  await dialog.getByRole("button", { name: "Register", exact: true }).click();
  // Client credentials need a secret: refused next to the grants, with the choices kept.
  await expect(dialog.locator("#app-grantTypes-error")).toContainText("cannot use client credentials");
  await expect(dialog.getByRole("radio", { name: /^Public/ })).toBeChecked();
  await dialog.getByRole("checkbox", { name: "Client credentials" }).uncheck();
  await dialog.getByRole("checkbox", { name: "Authorization code (with PKCE)" }).check();
  await dialog.getByRole("button", { name: "Register", exact: true }).click();
  await expect(dialog.getByRole("status")).toContainText("public client: it has no secret");
  await expect(dialog.getByTestId("new-secret")).toHaveCount(0);
  const clientId = await dialog.getByRole("textbox", { name: "Client ID" }).inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Public client: no secret");
  await expect(row.getByRole("button", { name: `Rotate secret for ${name}` })).toHaveCount(0);
  const db = await databaseFor(test.info());
  const stored = await db.oAuthClient.findUniqueOrThrow({ where: { clientId } });
  expect(stored).toMatchObject({ isPublic: true, grantTypes: "authorization_code" });
  expect(await db.credential.count({ where: { oauthClientId: stored.id } })).toBe(0);
});

test("Rotate secret with a 24-hour grace period: the old and the new secret both work, and the list says until when", async ({
  page,
  request,
}) => {
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  await openOAuthApps(page);
  const name = `Graceful ${Date.now()}`;
  const { clientId, secret: oldSecret } = await registerInBrowser(page, {
    name,
    serviceUserId: owner.id,
    scopes: ["users:read"],
  });
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: `Rotate secret for ${name}` }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate client secret" });
  await rotate.getByLabel("Grace period").selectOption({ label: "24 hours" });
  await rotate.getByRole("button", { name: "Rotate secret", exact: true }).click();
  const newSecret = await rotate.getByTestId("new-secret").inputValue();
  await expect(rotate).toContainText("The old secret keeps working until");
  await expectAccessToken(await tokenWithBody(request, clientId, oldSecret), "users:read");
  await expectAccessToken(await tokenWithBasic(request, clientId, newSecret), "users:read");
  await rotate.getByRole("button", { name: "Done" }).click();
  await expect(row).toContainText(`kw_cs_…${newSecret.slice(-4)}`);
  await expect(row).toContainText(`Previous kw_cs_…${oldSecret.slice(-4)} works until`);
});

// Deskpro and the generic guide (seeds 002, 004): an admin creates an API key by hand, with
// optional scopes and expiry; programs send it as "X-API-Key: <key>" or
// "Authorization: key <key>". Rolled with a grace period, revoked at once.
import { expect, test, type Page } from "@playwright/test";
import { NO_REQUEST } from "@/lib/audit";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/credentials/api-keys";
import { E2E_ADMIN } from "./support/server";
import { afterChangeOutsideServer, databaseFor } from "./support/state";
import { expectBearerError } from "./support/api";
import { clipboardText, credentialBySecret } from "./support/credentials";
import { resumeSession } from "./support/sessions";
import { arrangeUser } from "./support/users";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const V = "2022-08-01";

async function openApiKeys(page: Page) {
  await resumeSession(page, "super_admin");
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "API Keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API Keys" })).toBeVisible();
}

/** Creates a key in the browser and returns the secret shown once. */
async function createKeyInBrowser(
  page: Page,
  options: { name: string; userId: string; scopes?: string[] },
): Promise<string> {
  await page.getByRole("button", { name: "Create API Key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await dialog.getByLabel("Name").fill(options.name);
  await dialog.getByLabel("User", { exact: true }).selectOption(options.userId);
  for (const scope of options.scopes ?? []) await dialog.getByRole("checkbox", { name: scope }).check();
  await dialog.getByRole("button", { name: "Create" }).click();
  const secret = await dialog.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(/^kw_key_[0-9A-Za-z]{38}$/);
  await expect(dialog.getByText("You will not be able to see it again.")).toBeVisible();
  await dialog.getByRole("button", { name: "Copy to clipboard" }).click();
  expect(await clipboardText(page)).toBe(secret);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return secret;
}

test("an admin creates a key, sees it once, and it works as X-API-Key and as Authorization: key", async ({
  page,
  request,
}) => {
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  await openApiKeys(page);

  // Nothing filled: the fields say what they need, and nothing is created.
  await page.getByRole("button", { name: "Create API Key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.locator("#key-name-error")).toHaveText("Enter a name");
  await expect(dialog.locator("#key-userId-error")).toHaveText("Choose a user");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  const name = `Helpdesk ${Date.now()}`;
  const secret = await createKeyInBrowser(page, { name, userId: owner.id });
  const stored = await credentialBySecret(test.info(), secret);
  expect(stored).toMatchObject({
    kind: "key",
    userId: owner.id,
    name,
    status: "active",
    scopes: null,
    expiresAt: null,
  });

  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(owner.email);
  await expect(row).toContainText(`kw_key_…${secret.slice(-4)}`);
  await expect(row).toContainText("Never");
  await expect(row).toContainText("Active");
  expect(await page.content()).not.toContain(secret);

  const data = await request.get(`/v1/data`, { headers: { "X-API-Key": secret } });
  expect(data.status()).toBe(200);
  expect(data.headers()["cache-control"]).toBe("no-store");
  for (const scheme of ["key", "KEY"]) {
    const me = await request.get(`/api/v2/me`, { headers: { Authorization: `${scheme} ${secret}` } });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ person_id: owner.id, email: owner.email, credential: { kind: "key" } });
  }
  // Only the kind's own transports: not as a bearer token.
  expectBearerError(
    await request.get(`/api/v2/me`, { headers: { Authorization: `Bearer ${secret}` } }),
    401,
    "invalid_token",
  );
});

test("a key with only publishers:read reads publishers and gets 403 insufficient_scope on advertisers", async ({
  page,
  request,
}) => {
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  await openApiKeys(page);
  // A refused submit keeps the chosen scope ticked, so the corrected form is sent with it.
  await page.getByRole("button", { name: "Create API Key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await dialog.getByRole("checkbox", { name: "publishers:read" }).check();
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.locator("#key-name-error")).toHaveText("Enter a name");
  await expect(dialog.getByRole("checkbox", { name: "publishers:read" })).toBeChecked();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  const name = `Publishers only ${Date.now()}`;
  const secret = await createKeyInBrowser(page, { name, userId: owner.id, scopes: ["publishers:read"] });
  expect((await credentialBySecret(test.info(), secret))?.scopes).toBe("publishers:read");
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("publishers:read");

  const headers = { "X-API-Key": secret };
  expect((await request.get(`/api/${V}/publishers.json`, { headers })).status()).toBe(200);
  const refused = await request.get(`/api/${V}/advertisers.json`, { headers });
  expectBearerError(refused, 403, "insufficient_scope");
  expect(refused.headers()["www-authenticate"]).toMatch(/^Bearer .*error="insufficient_scope"/);
});

test("Roll with no grace: the old key is refused at once, the new one (shown once) works; Revoke: refused", async ({
  page,
  request,
}) => {
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  await openApiKeys(page);
  const name = `Rolled ${Date.now()}`;
  const oldSecret = await createKeyInBrowser(page, { name, userId: owner.id });
  expect((await request.get(`/api/v2/me`, { headers: { "X-API-Key": oldSecret } })).status()).toBe(200);

  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: `Roll ${name}` }).click();
  const roll = page.getByRole("dialog", { name: "Roll API key" });
  const grace = roll.getByLabel("Grace period");
  expect(await grace.locator("option").allTextContents()).toEqual([
    "Choose a grace period…",
    "None",
    "1 hour",
    "24 hours",
    "3 days",
    "7 days",
  ]);
  await grace.selectOption({ label: "None" });
  await roll.getByRole("button", { name: "Roll key" }).click();
  const newSecret = await roll.getByTestId("new-secret").inputValue();
  expect(newSecret).toMatch(/^kw_key_[0-9A-Za-z]{38}$/);
  expect(newSecret).not.toBe(oldSecret);
  await roll.getByRole("button", { name: "Copy to clipboard" }).click();
  expect(await clipboardText(page)).toBe(newSecret);

  // Changed through this server's own screen: refused by it at once, no cache wait.
  expectBearerError(await request.get(`/api/v2/me`, { headers: { "X-API-Key": oldSecret } }), 401, "invalid_token");
  expect((await request.get(`/api/v2/me`, { headers: { "X-API-Key": newSecret } })).status()).toBe(200);
  const successor = await credentialBySecret(test.info(), newSecret);
  expect(successor).toMatchObject({ name, userId: owner.id, kind: "key" });

  await roll.getByRole("button", { name: "Done" }).click();
  await expect(roll).toBeHidden();
  const rows = page.getByRole("row", { name: new RegExp(name) });
  await expect(rows).toHaveCount(2);
  const newRow = page.getByRole("row", { name: new RegExp(`kw_key_…${newSecret.slice(-4)}`) });
  const oldRow = page.getByRole("row", { name: new RegExp(`kw_key_…${oldSecret.slice(-4)}`) });
  // Rolled, not merely expired; with no grace there is no "until". Only a revoke is left.
  await expect(oldRow).toContainText("Rolled");
  await expect(oldRow).not.toContainText("Rolled until");
  await expect(oldRow).not.toContainText("Expired");
  await expect(oldRow.getByRole("button", { name: `Roll ${name}` })).toHaveCount(0);
  await expect(oldRow.getByRole("button", { name: `Revoke ${name}` })).toBeVisible();
  await expect(newRow).toContainText("Active");

  await newRow.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke API key?" });
  await expect(confirm).toContainText(`kw_key_…${newSecret.slice(-4)}`);
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(newRow).toContainText("Revoked");
  expectBearerError(await request.get(`/v1/data`, { headers: { "X-API-Key": newSecret } }), 401, "invalid_token");
  expect((await credentialBySecret(test.info(), newSecret))?.status).toBe("revoked");
});

/** How the screens write a time (components/ui/date-time.tsx). */
const shownAs = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

test("Roll with a grace period: the old key shows Rolled until the grace end and still works; Revoke ends it at once", async ({
  page,
  request,
}) => {
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  await openApiKeys(page);
  const name = `Graceful ${Date.now()}`;
  const oldSecret = await createKeyInBrowser(page, { name, userId: owner.id });

  await page
    .getByRole("row", { name: new RegExp(name) })
    .getByRole("button", { name: `Roll ${name}` })
    .click();
  const roll = page.getByRole("dialog", { name: "Roll API key" });
  await roll.getByLabel("Grace period").selectOption({ label: "1 hour" });
  await roll.getByRole("button", { name: "Roll key" }).click();
  const newSecret = await roll.getByTestId("new-secret").inputValue();
  await roll.getByRole("button", { name: "Done" }).click();
  await expect(roll).toBeHidden();

  // During the grace period both keys are accepted over HTTP.
  for (const secret of [oldSecret, newSecret]) {
    expect((await request.get(`/api/v2/me`, { headers: { "X-API-Key": secret } })).status()).toBe(200);
  }
  const stored = await credentialBySecret(test.info(), oldSecret);
  if (!stored?.expiresAt) throw new Error("expected the old key's grace end");
  const oldRow = page.getByRole("row", { name: new RegExp(`kw_key_…${oldSecret.slice(-4)}`) });
  const newRow = page.getByRole("row", { name: new RegExp(`kw_key_…${newSecret.slice(-4)}`) });
  await expect(oldRow.getByText(`Rolled until ${shownAs(stored.expiresAt)}`)).toBeVisible();
  await expect(oldRow.getByRole("button", { name: `Roll ${name}` })).toHaveCount(0);
  await expect(newRow).toContainText("Active");

  // An admin ends the grace early: refused by this server at once, the successor unaffected.
  await oldRow.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke API key?" });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(oldRow).toContainText("Revoked");
  await expect(oldRow).not.toContainText("Rolled");
  await expect(oldRow.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  const refused = await request.get(`/api/v2/me`, { headers: { "X-API-Key": oldSecret } });
  expectBearerError(refused, 401, "invalid_token");
  expect(await refused.text()).toContain("The credential has been revoked");
  expect((await request.get(`/api/v2/me`, { headers: { "X-API-Key": newSecret } })).status()).toBe(200);
});

test("a rolled key whose grace period has ended is refused as expired and still shows Rolled", async ({
  page,
  request,
}) => {
  const db = await databaseFor(test.info());
  const row = await db.user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email } });
  const admin = { id: row.id, email: row.email, accountId: row.accountId, role: "super_admin" as const };
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  const name = `Grace over ${Date.now()}`;
  const created = await createApiKey(db, admin, { name, userId: owner.id }, NO_REQUEST);
  if (!("created" in created)) throw new Error("expected a key");
  // Rolled an hour and a minute ago with a 1-hour grace: its grace ended a minute ago.
  const rolledAt = new Date(Date.now() - 61 * 60_000);
  const rolled = await rollApiKey(db, admin, created.created.id, 1, NO_REQUEST, { now: rolledAt });
  if (!("rolled" in rolled)) throw new Error("expected a roll");

  const refused = await request.get(`/api/v2/me`, { headers: { "X-API-Key": created.created.secret } });
  expectBearerError(refused, 401, "invalid_token");
  expect(await refused.text()).toContain("The credential has expired");
  expect((await request.get(`/api/v2/me`, { headers: { "X-API-Key": rolled.rolled.secret } })).status()).toBe(200);

  await openApiKeys(page);
  const oldRow = page.getByRole("row", { name: new RegExp(`kw_key_…${created.created.hint.slice(-4)}`) });
  await expect(oldRow).toContainText("Rolled");
  await expect(oldRow).not.toContainText("Rolled until");
  await expect(oldRow).not.toContainText("Expired");
});

test("rolled with a grace period, both keys work; a revoke from another process is seen by the server", async ({
  request,
}) => {
  const db = await databaseFor(test.info());
  const row = await db.user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email } });
  const admin = { id: row.id, email: row.email, accountId: row.accountId, role: "super_admin" as const };
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  const created = await createApiKey(
    db,
    admin,
    { name: `Grace ${Date.now()}`, userId: owner.id, scopes: ["data:read"] },
    NO_REQUEST,
  );
  if (!("created" in created)) throw new Error("expected a key");
  const rolled = await rollApiKey(db, admin, created.created.id, 1, NO_REQUEST);
  if (!("rolled" in rolled)) throw new Error("expected a roll");
  for (const secret of [created.created.secret, rolled.rolled.secret]) {
    expect((await request.get(`/v1/data`, { headers: { "X-API-Key": secret } })).status()).toBe(200);
  }
  await revokeApiKey(db, admin, created.created.id, NO_REQUEST);
  // Changed by this process, not the server: seen once published, or once the cached look-up ages out.
  await afterChangeOutsideServer(test.info());
  expectBearerError(
    await request.get(`/v1/data`, { headers: { "X-API-Key": created.created.secret } }),
    401,
    "invalid_token",
  );
  expect((await request.get(`/v1/data`, { headers: { "X-API-Key": rolled.rolled.secret } })).status()).toBe(200);
});

test("a network user has no API Keys entry and gets 403 from the page", async ({ page }) => {
  await resumeSession(page, "network_user");
  await expect(
    page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "API Keys" }),
  ).toHaveCount(0);
  const response = await page.goto("/api-keys");
  expect(response?.status()).toBe(403);
});

// Issue 12, "Credentials that never expire by surprise": a super admin sets a 30-day maximum for
// personal API credentials; a user creates a 7-day one (a date beyond 30 days is refused next to
// the field), the dashboard warns about it, the user creates its replacement from there and sees
// the new secret once; both work against the API until the old one's own date.
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { SUPPORTED_API_VERSIONS } from "@/lib/api/versions";
import { createAuthToken } from "@/lib/credentials/auth-tokens";
import { createUser } from "@/lib/users/create-user";
import { credentialBySecret } from "./support/credentials";
import { signInExpectingDashboard } from "./support/sign-in";
import { resumeSession } from "./support/sessions";
import { afterChangeOutsideServer, databaseFor } from "./support/state";

const PASSWORD = "expiry spec password 42";
const DAY = 86_400_000;
/** The day N days from today (UTC), as <input type="date"> holds it. */
const dayIn = (days: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY)
    .toISOString()
    .slice(0, 10);
};

/** A network of this test's own: its expiry policy must not reach the other specs' users. */
async function arrangeNetwork() {
  const db = await databaseFor(test.info());
  const tag = randomBytes(4).toString("hex");
  const accountId = (await db.account.create({ data: { name: `Expiry Network ${tag}` } })).id;
  const make = (role: "super_admin" | "network_user", email: string) =>
    createUser(
      db,
      accountId,
      { email, name: `Expiry ${role}`, password: PASSWORD, role, status: "active" },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
  const admin = await make("super_admin", `expiry-admin.${tag}@e2e.test`);
  const user = await make("network_user", `expiry-user.${tag}@e2e.test`);
  return { db, accountId, admin, user };
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInExpectingDashboard(page, email, PASSWORD);
  return page;
}

test("a 7-day credential under a 30-day policy: refused beyond 30 days, warned on the dashboard, replaced, both working until the old one's date", async ({
  browser,
  request,
}) => {
  const { db, accountId, admin, user } = await arrangeNetwork();

  // The super admin sets a 30-day maximum for personal API credentials.
  const adminPage = await signedIn(browser, admin.email);
  await adminPage.goto("/settings");
  await adminPage.getByLabel("API credential", { exact: true }).selectOption("30");
  await adminPage.getByRole("button", { name: "Set expiry policy" }).click();
  await expect(adminPage.getByText("Saved. New credentials follow it")).toBeVisible();
  expect(await db.account.findUniqueOrThrow({ where: { id: accountId } })).toMatchObject({ maxDaysPat: 30 });

  // The user's form offers no "No expiration" now, and a date beyond 30 days is refused next to the field.
  const page = await signedIn(browser, user.email);
  await page.goto("/integrations/invoca-apis/new");
  const preset = page.getByLabel("Expires in");
  await expect(preset.locator("option", { hasText: "No expiration" })).toHaveCount(0);
  await expect(preset.locator("option", { hasText: "60 days" })).toHaveCount(0);
  const name = `Nightly export ${Date.now()}`;
  await page.getByLabel("Description").fill(name);
  await page.getByLabel("Expiration Date").fill(dayIn(40));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator("#expirationDate-error")).toContainText(`at most 30 days: choose ${dayIn(30)} or earlier`);
  await expect(page.getByLabel("Expiration Date")).toHaveAttribute("aria-invalid", "true");
  expect(await db.credential.count({ where: { accountId, name } })).toBe(0);

  // 7 days: made, shown once.
  await preset.selectOption("7");
  await expect(page.getByLabel("Expiration Date")).toHaveValue(dayIn(7));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const oldSecret = await page.getByTestId("new-secret").inputValue();
  expect(oldSecret).toMatch(/^kw_pat_/);
  await expect(page.getByText(`It expires ${dayIn(7)} at 00:00 UTC.`)).toBeVisible();
  const old = await credentialBySecret(test.info(), oldSecret);
  expect(old?.expiresAt?.toISOString()).toBe(`${dayIn(7)}T00:00:00.000Z`);

  // The dashboard warns about it, with its hint and days left, and offers Create replacement.
  await page.goto("/");
  const warning = page.getByRole("region", { name: "Your credentials expiring soon" });
  await expect(warning).toContainText(name);
  await expect(warning).toContainText(`kw_pat_…${oldSecret.slice(-4)}`);
  await expect(warning).toContainText(/\d+ days? left/);
  await warning.getByRole("link", { name: `Create replacement for ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/integrations/invoca-apis\\?replace=${old!.id}$`));

  // The dialog: the same lifetime as the original by default (7 days); the new secret once.
  const dialog = page.getByRole("dialog", { name: "Create replacement" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Expiration Date")).toHaveValue(dayIn(7));
  await dialog.getByLabel("Expires in").selectOption("30");
  await dialog.getByRole("button", { name: "Create replacement" }).dblclick();
  const newSecret = await dialog.getByTestId("new-secret").inputValue();
  expect(newSecret).toMatch(/^kw_pat_/);
  expect(newSecret).not.toBe(oldSecret);
  await expect(dialog).toContainText(`keeps working until ${dayIn(7)}`);
  const fresh = await credentialBySecret(test.info(), newSecret);
  expect(fresh).toMatchObject({ name, userId: user.id, status: "active" });
  expect(fresh?.expiresAt?.toISOString()).toBe(`${dayIn(30)}T00:00:00.000Z`);
  // One replacement, whatever the double click sent; audited once.
  expect(await db.credential.count({ where: { accountId, name } })).toBe(2);
  expect(await db.auditEvent.count({ where: { action: "credential.replaced", targetId: old!.id } })).toBe(1);

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/integrations\/invoca-apis$/);
  const oldRow = page.getByRole("row").filter({ hasText: `kw_pat_…${oldSecret.slice(-4)}` });
  await expect(oldRow).toContainText(`Replaced by kw_pat_…${newSecret.slice(-4)}`);
  expect(await page.content()).not.toContain(newSecret);

  // Both work against the API now.
  const call = (token: string) =>
    request.get(`/api/${SUPPORTED_API_VERSIONS[0]}/advertisers.json`, { headers: { Authorization: token } });
  expect((await call(oldSecret)).status()).toBe(200);
  expect((await call(newSecret)).status()).toBe(200);

  // Another user of the account may not replace it: the link says so instead of opening the dialog.
  await adminPage.goto(`/integrations/invoca-apis?replace=${old!.id}`);
  await expect(adminPage.getByRole("alert").filter({ hasText: "Cannot create a replacement" })).toBeVisible();
  await expect(adminPage.getByRole("dialog", { name: "Create replacement" })).toHaveCount(0);

  // At the old one's date it stops, and the replacement goes on (the date moved to now here,
  // as the clock would; the server sees it once told, or once its cached look-up has aged out).
  await db.credential.update({ where: { id: old!.id }, data: { expiresAt: new Date() } });
  await afterChangeOutsideServer(test.info());
  expect((await call(oldSecret)).status()).toBe(401);
  expect((await call(newSecret)).status()).toBe(200);
});

test("every list has an Expiring soon filter in its URL that keeps only credentials expiring within 7 days", async ({
  browser,
}) => {
  const { db, accountId, admin } = await arrangeNetwork();
  const page = await signedIn(browser, admin.email);
  await page.goto("/integrations/invoca-apis/new");
  const soon = `Soon ${Date.now()}`;
  await page.getByLabel("Description").fill(soon);
  await page.getByLabel("Expiration Date").fill(dayIn(3));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("new-secret")).toBeVisible();
  await page.goto("/integrations/invoca-apis/new");
  const later = `Later ${Date.now()}`;
  await page.getByLabel("Description").fill(later);
  await page.getByLabel("Expires in").selectOption("90");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("new-secret")).toBeVisible();

  for (const path of ["/integrations/invoca-apis", "/credentials"]) {
    await page.goto(path);
    await expect(page.getByRole("row").filter({ hasText: later })).toContainText(/\d+ days left/);
    if (path === "/credentials") {
      await page.getByLabel("Expiring soon").check();
      await page.getByRole("button", { name: "Apply" }).click();
    } else {
      await page.getByRole("link", { name: "Expiring soon" }).click();
    }
    await expect(page).toHaveURL(/expiring=soon/);
    await expect(page.getByRole("row").filter({ hasText: soon })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: later })).toHaveCount(0);
  }
  for (const path of ["/account/api-access?expiring=soon", "/api-keys?expiring=soon", "/oauth-apps?expiring=soon"]) {
    await page.goto(path);
    await expect(page.getByRole("link", { name: "Expiring soon" })).toHaveAttribute("aria-current", "page");
  }
  expect(await db.credential.count({ where: { accountId } })).toBe(2);
});

test("an auth token, which never changes, is replaced the same way by a super admin of its account only", async ({
  browser,
}) => {
  const { db, accountId, admin } = await arrangeNetwork();
  const apiUser = await createUser(
    db,
    accountId,
    {
      email: `expiry-api.${randomBytes(4).toString("hex")}@e2e.test`,
      name: "Expiry API user",
      password: PASSWORD,
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  await db.user.update({ where: { id: apiUser.id }, data: { isApiUser: true } });
  const name = `Warehouse sync ${Date.now()}`;
  const token = await createAuthToken(
    db,
    { id: admin.id, email: admin.email, accountId, role: "super_admin" },
    { name, apiUserId: apiUser.id, expirationDate: dayIn(5) },
    NO_REQUEST,
  );
  if (!("created" in token)) throw new Error("expected a token");

  const page = await signedIn(browser, admin.email);
  await page.goto("/account/api-access?expiring=soon");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(/[45] days left/);
  await row.getByRole("link", { name: `Create replacement for ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: "Create replacement" });
  // The same 5-day lifetime, counted from today; no "No expiration" for an auth token.
  await expect(dialog.getByLabel("Expiration Date")).toHaveValue(dayIn(5));
  await expect(dialog.getByLabel("Expires in").locator("option", { hasText: "No expiration" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Create replacement" }).click();
  const secret = await dialog.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(/^kw_at_/);
  const fresh = await credentialBySecret(test.info(), secret);
  expect(fresh).toMatchObject({ name, userId: apiUser.id, kind: "at" });
  // The original never changes: same date, same status.
  expect(await db.credential.findUniqueOrThrow({ where: { id: token.created.id } })).toMatchObject({
    status: "active",
    expiresAt: token.created.expiresAt,
    replacedById: fresh!.id,
  });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row").filter({ hasText: token.created.hint })).toContainText(
    `Replaced by kw_at_…${secret.slice(-4)}`,
  );

  // Another network's super admin: the same link opens nothing.
  const otherPage = await (await browser.newContext()).newPage();
  await resumeSession(otherPage, "super_admin");
  await otherPage.goto(`/account/api-access?replace=${token.created.id}`);
  await expect(otherPage.getByRole("alert").filter({ hasText: "Cannot create a replacement" })).toBeVisible();
  await expect(otherPage.getByRole("dialog", { name: "Create replacement" })).toHaveCount(0);
});

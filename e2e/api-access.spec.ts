// TrackVia (seed 003): My Account → API Access: the account API Key, and auth tokens for
// API users with Name, API User and Expiration Date, managed through the gear icon menu.
import { expect, test, type Page } from "@playwright/test";
import { NO_REQUEST } from "@/lib/audit";
import { createAuthToken, changeAuthToken } from "@/lib/credentials/auth-tokens";
import { AUTH_TOKENS_PER_ACCOUNT } from "@/lib/credentials/kinds/auth-token";
import { E2E_ADMIN } from "./support/server";
import { resumeSession } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";
import { accountIdFor, arrangeAccountWithAdmin, arrangeUser } from "./support/users";
import { databaseFor } from "./support/state";
import { clipboardText, credentialBySecret } from "./support/credentials";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
// One account per server: these tests share its API key and its token count, in order.
test.describe.configure({ mode: "serial" });

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

async function adminContext() {
  const db = await databaseFor(test.info());
  const admin = await db.user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email } });
  return { db, admin: { id: admin.id, email: admin.email, accountId: admin.accountId, role: "super_admin" as const } };
}

async function openApiAccess(page: Page) {
  await resumeSession(page, "super_admin");
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "API Access" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API Access" })).toBeVisible();
}

test("with no API user yet, Create Auth Token is disabled and says why", async ({ page }) => {
  // A network of its own: no API user there, whatever the other specs made in the first one.
  const admin = await arrangeAccountWithAdmin(test.info());
  await signInExpectingDashboard(page, admin.email, admin.password);
  await page.goto("/account/api-access");
  await expect(page.getByRole("button", { name: "Create Auth Token" })).toBeDisabled();
  await expect(page.getByText("There is no active API user yet.")).toBeVisible();
  await expect(page.getByText("0 of 100 tokens")).toBeVisible();
});

test("the account API Key is generated once, after a confirmation, copied with its clipboard icon, and never again", async ({
  page,
}) => {
  await openApiAccess(page);
  await page.getByRole("button", { name: "Generate API Key" }).click();
  await page.getByRole("dialog", { name: "Generate the API Key?" }).getByRole("button", { name: "Generate" }).click();
  const secret = await page.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(/^kw_ak_[0-9A-Za-z]{38}$/);
  await expect(page.getByText("A super admin can show it again on this page")).toBeVisible();
  await page.getByRole("button", { name: "Copy to clipboard" }).click();
  expect(await clipboardText(page)).toBe(secret);
  expect((await credentialBySecret(test.info(), secret))?.kind).toBe("ak");

  await page.reload();
  await expect(page.getByTestId("api-key-hint")).toHaveText(`kw_ak_…${secret.slice(-4)}`);
  await expect(page.getByText("cannot be changed or deleted")).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate API Key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reveal API Key" })).toBeVisible();
  expect(await page.content()).not.toContain(secret);
});

test("Create Auth Token: only active API users are offered, bad dates are refused, the token is shown once", async ({
  page,
}) => {
  const apiUser = await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  const disabledApiUser = await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  await (
    await databaseFor(test.info())
  ).user.update({ where: { id: disabledApiUser.id }, data: { status: "disabled" } });
  const plainUser = await arrangeUser(test.info(), { role: "network_user" });
  await openApiAccess(page);

  await page.getByRole("button", { name: "Create Auth Token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Auth Token" });
  const options = await dialog.getByLabel("API User").locator("option").allTextContents();
  expect(options.some((o) => o.includes(apiUser.email))).toBe(true);
  expect(options.some((o) => o.includes(disabledApiUser.email) || o.includes(plainUser.email))).toBe(false);
  await expect(dialog.getByText("expires at midnight UTC (00:00) at the start of the selected date")).toBeVisible();

  // Nothing filled: every field says what it needs.
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.locator("#name-error")).toHaveText("Enter a name");
  await expect(dialog.locator("#apiUserId-error")).toHaveText("Choose an API user");
  await expect(dialog.locator("#expirationDate-error")).toHaveText("Choose an expiration date");

  // Today is not in the future (the token would already be expired at 00:00 UTC).
  const name = `Warehouse sync ${Date.now()}`;
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("API User").selectOption(apiUser.id);
  await dialog.getByLabel("Expiration Date").evaluate((input: HTMLInputElement) => input.removeAttribute("min"));
  await dialog.getByLabel("Expiration Date").fill(dateIn(0));
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.locator("#expirationDate-error")).toContainText("Choose a date in the future");
  await expect(dialog.getByLabel("Name")).toHaveValue(name);
  const db = await databaseFor(test.info());
  expect(await db.credential.count({ where: { name } })).toBe(0);

  const expiry = dateIn(30);
  await dialog.getByLabel("Expiration Date").fill(expiry);
  await dialog.getByRole("button", { name: "Create" }).click();
  const secret = await dialog.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(/^kw_at_[0-9A-Za-z]{38}$/);
  await expect(dialog).toContainText(`expires ${expiry} at 00:00 UTC`);
  await dialog.getByRole("button", { name: "Copy to clipboard" }).click();
  expect(await clipboardText(page)).toBe(secret);
  const stored = await credentialBySecret(test.info(), secret);
  expect(stored).toMatchObject({ kind: "at", userId: apiUser.id, name, status: "active" });
  expect(stored?.expiresAt?.toISOString()).toBe(`${expiry}T00:00:00.000Z`);

  await dialog.getByRole("button", { name: "Done" }).click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(apiUser.email);
  await expect(row).toContainText(`kw_at_…${secret.slice(-4)}`);
  await expect(row).toContainText(`${expiry} 00:00 UTC`);
  await expect(row).toContainText("Active");
  expect(await page.content()).not.toContain(secret);
});

test("the gear menu: Deactivate, Reactivate, and Delete only once inactive, each audited", async ({ page }) => {
  const { db, admin } = await adminContext();
  const apiUser = await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  const name = `Gear ${Date.now()}`;
  const created = await createAuthToken(
    db,
    admin,
    { name, apiUserId: apiUser.id, expirationDate: dateIn(20) },
    NO_REQUEST,
  );
  if (!("created" in created)) throw new Error("expected a token");
  const id = created.created.id;
  await openApiAccess(page);
  const row = page.getByRole("row", { name: new RegExp(name) });
  const gear = row.getByRole("button", { name: `Actions for ${name}` });

  await gear.click();
  await expect(row.getByRole("menuitem")).toHaveText(["Deactivate"]);
  // Not clipped by the table's scroll container: really there to click.
  await expect(row.getByRole("menuitem", { name: "Deactivate" })).toBeInViewport({ ratio: 1 });
  await row.getByRole("menuitem", { name: "Deactivate" }).click();
  await expect(row).toContainText("Inactive");

  await gear.click();
  await expect(row.getByRole("menuitem")).toHaveText(["Reactivate", "Delete"]);
  await row.getByRole("menuitem", { name: "Reactivate" }).click();
  await expect(row).toContainText("Active");
  expect((await db.credential.findUniqueOrThrow({ where: { id } })).status).toBe("active");

  await gear.click();
  await row.getByRole("menuitem", { name: "Deactivate" }).click();
  await expect(row).toContainText("Inactive");
  await gear.click();
  await row.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete auth token?" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
  expect(await db.credential.findUnique({ where: { id } })).toBeNull();
  const actions = (
    await db.auditEvent.findMany({ where: { targetId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })
  ).map((e) => e.action);
  expect(actions).toEqual([
    "credential.created",
    "credential.deactivated",
    "credential.reactivated",
    "credential.deactivated",
    "credential.deleted",
  ]);
});

test("an expired token shows Expired and offers only Delete", async ({ page }) => {
  const { db, admin } = await adminContext();
  const apiUser = await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  const name = `Expired ${Date.now()}`;
  // Created two days ago with yesterday as its date: it expired at 00:00 UTC yesterday.
  const created = await createAuthToken(
    db,
    admin,
    { name, apiUserId: apiUser.id, expirationDate: dateIn(-1) },
    NO_REQUEST,
    new Date(Date.now() - 2 * DAY),
  );
  if (!("created" in created)) throw new Error("expected a token");
  await openApiAccess(page);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Expired");
  await row.getByRole("button", { name: `Actions for ${name}` }).click();
  await expect(row.getByRole("menuitem")).toHaveText(["Delete"]);
  // A hand-made Reactivate is refused by the server too.
  await expect(changeAuthToken(db, admin, created.created.id, "reactivate", NO_REQUEST)).rejects.toThrow(
    "An expired token can never be reactivated.",
  );
});

test(`at ${AUTH_TOKENS_PER_ACCOUNT} tokens Create Auth Token is disabled and the server refuses the next one`, async ({
  page,
}) => {
  const { db, admin } = await adminContext();
  const apiUser = await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  // The fillers in one transaction (the 100-token rule itself is proven under concurrency
  // in lib/credentials/auth-tokens.test.ts); here the screen and the server's refusal.
  const prefix = `Filler ${Date.now()}`;
  await db.$transaction(async (tx) => {
    const { authTokenCount } = await tx.account.findUniqueOrThrow({ where: { id: admin.accountId } });
    const missing = AUTH_TOKENS_PER_ACCOUNT - authTokenCount;
    await tx.credential.createMany({
      data: Array.from({ length: missing }, (_, i) => ({
        accountId: admin.accountId,
        kind: "at",
        userId: apiUser.id,
        createdById: admin.id,
        name: `${prefix} ${i}`,
        secretHash: `${prefix}-${i}`,
        hint: "kw_at_…fill",
        expiresAt: new Date(Date.now() + 10 * 86_400_000),
      })),
    });
    await tx.account.update({ where: { id: admin.accountId }, data: { authTokenCount: { increment: missing } } });
  });
  try {
    await openApiAccess(page);
    await expect(page.getByText(`${AUTH_TOKENS_PER_ACCOUNT} of ${AUTH_TOKENS_PER_ACCOUNT} tokens`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Create Auth Token" })).toBeDisabled();
    await expect(page.getByText("the most it can hold")).toBeVisible();
    await expect(
      createAuthToken(
        db,
        admin,
        { name: "One too many", apiUserId: apiUser.id, expirationDate: dateIn(10) },
        NO_REQUEST,
      ),
    ).rejects.toThrow(/the most it can hold/);
  } finally {
    await db.$transaction(async (tx) => {
      const removed = await tx.credential.deleteMany({
        where: { accountId: admin.accountId, name: { startsWith: prefix } },
      });
      await tx.account.update({
        where: { id: admin.accountId },
        data: { authTokenCount: { decrement: removed.count } },
      });
    });
  }
});

test("a network user has no API Access entry and gets 403 from the page", async ({ page }) => {
  await resumeSession(page, "network_user");
  await expect(
    page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "API Access" }),
  ).toHaveCount(0);
  const response = await page.goto("/account/api-access");
  expect(response?.status()).toBe(403);
  expect(await accountIdFor(test.info())).toBeTruthy();
});

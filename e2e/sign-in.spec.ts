import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./support/server";
import { signIn, signInError, signInExpectingDashboard } from "./support/sign-in";
import { arrangeUser, changeUser } from "./support/users";
import { databaseFor } from "./support/state";

test("the super admin signs in, sees the main navigation, and signs out", async ({ page }) => {
  // Manage Users lists the newest first, 50 a page; the shared account has more users than that
  // by the time this runs, so the row to look for is one made just now.
  const newest = await arrangeUser(test.info());
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await signInExpectingDashboard(page, E2E_ADMIN.email, E2E_ADMIN.password);

  const nav = page.getByRole("navigation", { name: "Main Navigation" });
  await expect(nav.getByText("Integrations", { exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Manage Integrations" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Manage Users" })).toBeVisible();
  await expect(page.getByTestId("signed-in-email")).toHaveText(E2E_ADMIN.email);

  await nav.getByRole("link", { name: "Manage Integrations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();
  await expect(page.getByText("Invoca APIs")).toBeVisible();

  await nav.getByRole("link", { name: "Manage Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Manage Users" })).toBeVisible();
  await expect(page.getByRole("cell", { name: newest.email })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/users");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password is refused with a clear message and keeps the email typed", async ({ page }) => {
  const user = await arrangeUser(test.info());
  await signIn(page, user.email, "not my password");
  await expect(signInError(page)).toHaveText("Incorrect email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an API user is refused at sign-in", async ({ page }) => {
  const apiUser = await arrangeUser(test.info(), { isApiUser: true });
  await signIn(page, apiUser.email, apiUser.password);
  await expect(signInError(page)).toContainText("API users cannot sign in to the web app");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a disabled user is refused at sign-in", async ({ page }) => {
  const disabled = await arrangeUser(test.info(), { status: "disabled" });
  await signIn(page, disabled.email, disabled.password);
  await expect(signInError(page)).toContainText("This account is disabled");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a network user sees no administration entries and gets 403 from admin pages", async ({ page }) => {
  const user = await arrangeUser(test.info(), { role: "network_user" });
  await signInExpectingDashboard(page, user.email, user.password);
  const nav = page.getByRole("navigation", { name: "Main Navigation" });
  await expect(nav.getByRole("link", { name: "Manage Integrations" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Manage Users" })).toHaveCount(0);
  for (const path of ["/users", "/audit"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "403: not allowed" })).toBeVisible();
  }
});

for (const [change, patch] of [
  ["disabling the user", { status: "disabled" }],
  ["changing their role", { role: "super_admin" }],
  ["changing their password", { password: "a changed password 456" }],
  ["making them an API user", { isApiUser: true }],
] as const) {
  test(`${change} ends their open session at once`, async ({ page }) => {
    const user = await arrangeUser(test.info());
    await signInExpectingDashboard(page, user.email, user.password);
    await changeUser(test.info(), user.id, patch);
    await page.goto("/integrations");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  });
}

test("repeated failures lock the account, and the lock-out is audited", async ({ page }) => {
  const user = await arrangeUser(test.info());
  for (let i = 0; i < 5; i++) {
    await signIn(page, user.email, `wrong password ${i}`);
    await expect(signInError(page)).toHaveText("Incorrect email or password.");
  }
  await signIn(page, user.email, user.password);
  await expect(signInError(page)).toContainText(/Too many failed sign-in attempts\. Try again in 1[45] minutes\./);
  const db = await databaseFor(test.info());
  expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed", targetId: user.id } })).toBe(5);
  expect(await db.auditEvent.count({ where: { action: "auth.sign_in_throttled", targetLabel: user.email } })).toBe(1);
});

// The Invoca flow (seeds 000/001): Integrations → Manage Integrations → Invoca APIs →
// "+ New API Credential" → Description → Save → the token, once. Every role, for themself.
import { expect, test, type Page } from "@playwright/test";
import { ROLE_IN_SENTENCE } from "@/lib/access/role-values";
import { E2E_ADMIN } from "./support/server";
import { signInExpectingDashboard } from "./support/sign-in";
import { arrangeUser } from "./support/users";
import { databaseFor } from "./support/state";
import { clipboardText, credentialBySecret } from "./support/credentials";
import { resumeSession } from "./support/sessions";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function openInvocaApis(page: Page) {
  const nav = page.getByRole("navigation", { name: "Main Navigation" });
  await nav.getByRole("link", { name: "Manage Integrations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();
  await page.getByRole("link", { name: /Invoca APIs/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invoca APIs" })).toBeVisible();
}

async function createCredential(page: Page, description: string): Promise<string> {
  await page.getByRole("link", { name: "+ New API Credential" }).click();
  await page.getByLabel("Description").fill(description);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const secret = page.getByTestId("new-secret");
  await expect(secret).toBeVisible();
  return secret.inputValue();
}

for (const role of ["network_user", "advertiser_user", "publisher_user", "super_admin"] as const) {
  test(`${ROLE_IN_SENTENCE[role]} creates their own API credential, sees it once, copies it, and finds it listed`, async ({
    page,
  }) => {
    const user =
      role === "super_admin"
        ? { email: E2E_ADMIN.email, password: E2E_ADMIN.password }
        : await arrangeUser(test.info(), { role });
    await signInExpectingDashboard(page, user.email, user.password);
    await openInvocaApis(page);

    const description = `Reporting API – nightly export (${role} ${Date.now()})`;
    const secret = await createCredential(page, description);
    expect(secret).toMatch(/^kw_pat_[0-9A-Za-z]{38}$/);
    await expect(page.getByText("You will not be able to see it again.")).toBeVisible();
    await page.getByRole("button", { name: "Copy to clipboard" }).click();
    await expect(page.getByRole("button", { name: "Copy to clipboard" })).toContainText("Copied");
    expect(await clipboardText(page)).toBe(secret);

    const stored = await credentialBySecret(test.info(), secret);
    expect(stored).toMatchObject({ name: description, kind: "pat", status: "active" });
    const me = await (await databaseFor(test.info())).user.findUniqueOrThrow({ where: { email: user.email } });
    expect(stored?.userId).toBe(me.id);

    await page.getByRole("link", { name: "Back to Invoca APIs" }).click();
    const row = page.getByRole("row", { name: new RegExp(description.replace(/[()]/g, "\\$&")) });
    await expect(row).toContainText(`kw_pat_…${secret.slice(-4)}`);
    await expect(row).toContainText("Active");
    await expect(row).toContainText("never");
    // Shown once: the secret is nowhere on the list page.
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    expect(await page.content()).not.toContain(secret);
  });
}

test("at desktop width, + New API Credential is in the upper-right corner, level with the title", async ({ page }) => {
  // The seed: "Go to the upper-right corner and click on the + New API Credential option".
  await page.setViewportSize({ width: 1280, height: 800 });
  await resumeSession(page, "network_user");
  await page.goto("/integrations/invoca-apis");
  const title = await page.getByRole("heading", { level: 1, name: "Invoca APIs" }).boundingBox();
  const button = await page.getByRole("link", { name: "+ New API Credential" }).boundingBox();
  const main = page.getByRole("main");
  const mainBox = await main.boundingBox();
  const paddingRight = await main.evaluate((element) => parseFloat(getComputedStyle(element).paddingRight));
  if (!title || !button || !mainBox) throw new Error("the title, the button and the main area must be on screen");
  // Level with the title: their vertical extents overlap.
  expect(button.y).toBeLessThan(title.y + title.height);
  expect(button.y + button.height).toBeGreaterThan(title.y);
  // In the right part of the main area, its right edge at the content's right edge.
  const contentRight = mainBox.x + mainBox.width - paddingRight;
  expect(button.x).toBeGreaterThan(mainBox.x + mainBox.width / 2);
  expect(contentRight - (button.x + button.width)).toBeLessThan(24);
  expect(button.x + button.width).toBeLessThanOrEqual(contentRight + 1);
});

test("an empty or too long Description is refused next to the field, keeps the text, and saves nothing", async ({
  page,
}) => {
  const user = await arrangeUser(test.info(), { role: "network_user" });
  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto("/integrations/invoca-apis/new");
  await expect(page.getByText("identifies the API type and its intended use")).toBeVisible();
  const field = page.getByLabel("Description");
  await field.fill("   ");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator("#description-error")).toHaveText("Enter a description");
  await expect(field).toHaveAttribute("aria-describedby", /description-error/);
  const long = "x".repeat(201);
  // The browser stops at 200 characters; a hand-made request does not.
  await field.evaluate((input: HTMLInputElement) => input.removeAttribute("maxlength"));
  await field.fill(long);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator("#description-error")).toHaveText("Use at most 200 characters");
  await expect(field).toHaveValue(long);
  const db = await databaseFor(test.info());
  expect(await db.credential.count({ where: { user: { email: user.email } } })).toBe(0);
});

test("a double-clicked Save creates one credential and still shows its token", async ({ page }) => {
  const user = await arrangeUser(test.info(), { role: "network_user" });
  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto("/integrations/invoca-apis/new");
  await page.getByLabel("Description").fill("Double click");
  await page.getByRole("button", { name: "Save", exact: true }).dblclick();
  const secret = await page.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(/^kw_pat_/);
  const db = await databaseFor(test.info());
  await expect.poll(() => db.credential.count({ where: { user: { email: user.email } } })).toBe(1);
  expect((await credentialBySecret(test.info(), secret))?.name).toBe("Double click");
});

test("revoking asks for confirmation, then the credential is Revoked and audited", async ({ page }) => {
  const user = await arrangeUser(test.info(), { role: "advertiser_user" });
  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto("/integrations/invoca-apis");
  const secret = await createCredential(page, "To be revoked");
  await page.getByRole("link", { name: "Back to Invoca APIs" }).click();
  const row = page.getByRole("row", { name: /To be revoked/ });

  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke API credential?" });
  await expect(dialog).toContainText("stops working at once");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await credentialBySecret(test.info(), secret))?.status).toBe("active");

  await row.getByRole("button", { name: "Revoke" }).click();
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  const stored = await credentialBySecret(test.info(), secret);
  expect(stored?.status).toBe("revoked");
  const db = await databaseFor(test.info());
  expect(
    await db.auditEvent.count({ where: { action: "credential.revoked", targetId: stored!.id, ip: "127.0.0.1" } }),
  ).toBe(1);
});

test("a network user has no control to create a credential for someone else, and a tampered request is refused and audited", async ({
  page,
}) => {
  const user = await arrangeUser(test.info(), { role: "network_user" });
  const advertiser = await arrangeUser(test.info(), { role: "advertiser_user" });
  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto("/integrations/invoca-apis/new");
  // The form's visible fields are the Description, the expiry (a preset and its date) and the
  // optional Permissions switch: no owner to choose.
  const fields = page.locator("form input:not([type=hidden]), form select");
  await expect(fields).toHaveCount(4);
  expect(
    await fields.evaluateAll((elements) => elements.map((element) => element.getAttribute("name") || element.id)),
  ).toEqual(["description", "expiration-preset", "expirationDate", "narrow"]);
  // What a user editing the page by hand would send: the owner's id added to the form.
  await page.locator("form").evaluate((form, id) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "userId";
    input.value = id;
    form.appendChild(input);
  }, advertiser.id);
  await page.getByLabel("Description").fill("On behalf of an advertiser");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("form-message")).toHaveText("You can create API credentials only for yourself.");
  await expect(page.getByTestId("new-secret")).toHaveCount(0);
  const db = await databaseFor(test.info());
  expect(await db.credential.count({ where: { userId: { in: [advertiser.id, user.id] } } })).toBe(0);
  expect(
    await db.auditEvent.count({
      where: { action: "credential.create_refused", actorId: user.id, targetId: advertiser.id },
    }),
  ).toBe(1);
});

test("another user's credentials are neither listed nor revocable", async ({ page }) => {
  const owner = await arrangeUser(test.info(), { role: "publisher_user" });
  const other = await arrangeUser(test.info(), { role: "network_user" });
  await signInExpectingDashboard(page, owner.email, owner.password);
  await page.goto("/integrations/invoca-apis");
  const secret = await createCredential(page, "Owner's own");
  const stored = (await credentialBySecret(test.info(), secret))!;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/sign-in/);

  await signInExpectingDashboard(page, other.email, other.password);
  await page.goto("/integrations/invoca-apis");
  await expect(page.getByText("You have no API credentials yet.")).toBeVisible();
  // Tamper with a revoke form of their own page? They have none: create one, then retarget it.
  await createCredential(page, "Mine");
  await page.goto("/integrations/invoca-apis");
  await page.getByRole("row", { name: /Mine/ }).getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke API credential?" });
  await dialog
    .locator("input[name=credentialId]")
    .evaluate((input: HTMLInputElement, id) => (input.value = id), stored.id);
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("No such API credential.");
  expect((await credentialBySecret(test.info(), secret))?.status).toBe("active");
  const db = await databaseFor(test.info());
  expect(
    await db.auditEvent.count({ where: { action: "credential.refused", targetId: stored.id, actorId: other.id } }),
  ).toBe(1);
});

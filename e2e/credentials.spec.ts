// Administration → Credentials: the super admin sees every credential of the account, of
// every kind, by hint only, filters them, and revokes one; it is refused by the API at once.
import { expect, test } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createApiKey, rollApiKey } from "@/lib/credentials/api-keys";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { expectBearerError } from "./support/api";
import { resumeSession } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeAccountWithAdmin, E2E_USER_PASSWORD } from "./support/users";

test("the super admin sees every kind of credential by hint, filters by kind and status, and revokes one", async ({
  page,
  request,
}) => {
  const admin = await arrangeAccountWithAdmin(test.info());
  const db = await databaseFor(test.info());
  const adminActor = { id: admin.id, email: admin.email, accountId: admin.accountId, role: "super_admin" as const };
  const user = await createUser(
    db,
    admin.accountId,
    {
      email: `owner.${Date.now()}@e2e.test`,
      name: "Owner",
      password: E2E_USER_PASSWORD,
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId: admin.accountId },
    NO_REQUEST,
  );
  const personal = await createPersonalCredential(
    db,
    { id: user.id, email: user.email, accountId: admin.accountId },
    { description: "Nightly export" },
    NO_REQUEST,
  );
  const key = await createApiKey(db, adminActor, { name: "Helpdesk", userId: user.id }, NO_REQUEST);
  if (!("created" in personal) || !("created" in key)) throw new Error("expected credentials");
  // Rolled with a 1-hour grace: the old Helpdesk key shows Rolled until then, its successor Active.
  const rolled = await rollApiKey(db, adminActor, key.created.id, 1, NO_REQUEST);
  if (!("rolled" in rolled)) throw new Error("expected a roll");
  const secret = personal.created.secret;
  expect((await request.get("/api/v2/me", { headers: { Authorization: secret } })).status()).toBe(200);

  await signInExpectingDashboard(page, admin.email, admin.password);
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "Credentials" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
  const table = page.getByRole("table", { name: "Credentials" });
  const personalRow = table.getByRole("row", { name: /Nightly export/ });
  await expect(personalRow).toContainText(personal.created.hint);
  await expect(personalRow).toContainText(user.email);
  await expect(personalRow).toContainText("Active");
  const rolledRow = table.getByRole("row", { name: new RegExp(key.created.hint) });
  const graceEnd = rolled.rolled.oldExpiresAt.toISOString().slice(0, 16).replace("T", " ");
  await expect(rolledRow.getByText(`Rolled until ${graceEnd} UTC`)).toBeVisible();
  await expect(rolledRow.getByRole("button", { name: `Revoke ${key.created.hint}` })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(rolled.rolled.hint) })).toContainText("Active");
  expect(await page.content()).not.toContain(secret);

  await page.getByLabel("Kind").selectOption({ label: "API key (kw_key_)" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/kind=key/);
  await expect(table.getByRole("row", { name: /Helpdesk/ })).toHaveCount(2);
  await expect(table.getByRole("row", { name: /Nightly export/ })).toHaveCount(0);

  await page.getByLabel("Kind").selectOption({ label: "All kinds" });
  await page.getByRole("button", { name: "Apply" }).click();
  await personalRow.getByRole("button", { name: `Revoke ${personal.created.hint}` }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke this API credential?" });
  await expect(confirm).toContainText(personal.created.hint);
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(personalRow).toContainText("Revoked");
  await expect(personalRow.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  // Revoked through this server's own screen: refused by it at once.
  expectBearerError(await request.get("/api/v2/me", { headers: { Authorization: secret } }), 401, "invalid_token");
  expect(
    await db.auditEvent.count({
      where: { action: "credential.revoked", targetId: personal.created.id, actorId: admin.id },
    }),
  ).toBe(1);

  await page.getByLabel("Status").selectOption({ label: "Revoked" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row", { name: /Nightly export/ })).toBeVisible();

  // The Rolled filter shows the rolled key only; Active no longer counts it.
  await page.getByLabel("Status").selectOption({ label: "Rolled" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/state=rolled/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row", { name: new RegExp(key.created.hint) })).toContainText("Rolled until");
  await page.getByLabel("Status").selectOption({ label: "Active" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row", { name: new RegExp(rolled.rolled.hint) })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(key.created.hint) })).toHaveCount(0);
});

test("a network user has no Credentials entry and gets 403 from the page", async ({ page }) => {
  await resumeSession(page, "network_user");
  await expect(
    page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "Credentials" }),
  ).toHaveCount(0);
  const response = await page.goto("/credentials");
  expect(response?.status()).toBe(403);
});

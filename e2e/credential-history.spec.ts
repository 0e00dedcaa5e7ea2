// A credential's history (its detail page), the Audit Log's credential filter, and the
// Credentials list's "unused for N days" filter and bulk Deactivate / Revoke with one confirmation.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { changeAuthToken, createAuthToken } from "@/lib/credentials/auth-tokens";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { expectBearerError } from "./support/api";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeAccountWithAdmin, E2E_USER_PASSWORD } from "./support/users";

const DAY = 86_400_000;

async function arrange() {
  const admin = await arrangeAccountWithAdmin(test.info());
  const db = await databaseFor(test.info());
  const actor = { id: admin.id, email: admin.email, accountId: admin.accountId, role: "super_admin" as const };
  const owner = await createUser(
    db,
    admin.accountId,
    {
      email: `owner.${randomUUID().slice(0, 8)}@e2e.test`,
      name: "Owner",
      password: E2E_USER_PASSWORD,
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId: admin.accountId },
    NO_REQUEST,
  );
  const personal = async (description: string) => {
    const made = await createPersonalCredential(
      db,
      { id: owner.id, email: owner.email, accountId: admin.accountId },
      { description },
      NO_REQUEST,
    );
    if (!("created" in made)) throw new Error("expected a credential");
    return made.created;
  };
  return { admin, actor, db, owner, personal };
}

/** The History section's entries, newest first, as their labels read. */
function historyLabels(page: Page) {
  return page.getByTestId("credential-history").locator("li p.font-medium");
}

test("the detail page's history shows create, deactivate, reactivate, first use and revoke, newest first; the Audit Log filters by the credential", async ({
  page,
  request,
}) => {
  const { admin, actor, db, owner, personal } = await arrange();
  const apiUser = await createUser(
    db,
    admin.accountId,
    {
      email: `api.${randomUUID().slice(0, 8)}@e2e.test`,
      name: "Integration",
      password: E2E_USER_PASSWORD,
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId: admin.accountId },
    NO_REQUEST,
  );
  await db.user.update({ where: { id: apiUser.id }, data: { isApiUser: true } });
  await generateAccountApiKey(db, actor, NO_REQUEST);
  const expirationDate = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
  const token = await createAuthToken(
    db,
    actor,
    { name: "Sync job", apiUserId: apiUser.id, expirationDate },
    NO_REQUEST,
  );
  if (!("created" in token)) throw new Error("expected a token");
  const used = await personal("Nightly export");

  await signInExpectingDashboard(page, admin.email, admin.password);
  await page.goto("/credentials");
  const table = page.getByRole("table", { name: "Credentials" });

  // Deactivate the token from the list (bulk, one row), then reactivate it under API Access's rules.
  await table.getByRole("checkbox", { name: `Select ${token.created.hint}` }).check();
  await page.getByRole("button", { name: "Deactivate selected…" }).click();
  const confirm = page.getByRole("dialog", { name: "Deactivate 1 credential?" });
  await expect(confirm).toContainText(`1 Auth token will be deactivated: ${token.created.hint}.`);
  await confirm.getByRole("button", { name: "Deactivate" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("bulk-outcome")).toContainText("Deactivated 1 credential: 1 Auth token.");
  await changeAuthToken(db, actor, token.created.id, "reactivate", NO_REQUEST);

  await table.getByRole("link", { name: token.created.hint }).click();
  await expect(page).toHaveURL(new RegExp(`/credentials/${token.created.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Sync job" })).toBeVisible();
  const history = page.getByRole("region", { name: "History" });
  await expect(historyLabels(page)).toHaveText([
    `Credential reactivated by ${admin.email}`,
    `Credential deactivated by ${admin.email}`,
    `Credential created by ${admin.email}`,
  ]);
  await expect(history).toContainText("Credentials page (bulk)");

  // The personal credential: used once through the API (its first use), then revoked from the list.
  expect((await request.get("/api/v2/me", { headers: { Authorization: used.secret } })).status()).toBe(200);
  await page.goto("/credentials");
  await table
    .getByRole("row", { name: /Nightly export/ })
    .getByRole("button", { name: `Revoke ${used.hint}` })
    .click();
  await page
    .getByRole("dialog", { name: "Revoke this API credential?" })
    .getByRole("button", { name: "Revoke" })
    .click();
  await expect(table.getByRole("row", { name: /Nightly export/ })).toContainText("Revoked");
  expectBearerError(await request.get("/api/v2/me", { headers: { Authorization: used.secret } }), 401, "invalid_token");

  // "First used" is written by the batched last-used writer (every 5 s): the page shows it once written.
  await expect(async () => {
    await page.goto(`/credentials/${used.id}`);
    await expect(historyLabels(page)).toHaveText([
      // The request refused after the revoke (usage, counted per hour).
      "1 refused use",
      `Credential revoked by ${admin.email}`,
      "First used",
      // Its owner made it on their Invoca APIs page.
      `Credential created by ${owner.email}`,
    ]);
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("credential-first-used")).not.toHaveText("never");
  expect(await page.content()).not.toContain(used.secret);

  // All audit events of this credential: the Audit Log narrowed to it, with a chip naming it.
  await page.getByRole("link", { name: "All audit events of this credential" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?credential=${used.id}$`));
  const chip = page.getByTestId("audit-credential-filter");
  await expect(chip).toContainText("Nightly export");
  await expect(chip).toContainText(used.hint);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(3); // the heading row and the two events
  await expect(page.getByRole("table")).toContainText("Credential revoked");
  await expect(page.getByRole("table")).toContainText("Credential created");
  // Other filters keep the credential; the chip's Remove drops it and keeps the others.
  await page.getByLabel("Action").selectOption({ label: "Credential revoked" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/credential=/);
  await expect(rows).toHaveCount(2);
  await chip.getByRole("link", { name: /Remove the credential filter/ }).click();
  await expect(page).toHaveURL(/\/audit\?action=credential.revoked$/);
  await expect(page.getByTestId("audit-credential-filter")).toHaveCount(0);
  // The Target of an event on a credential still present links to its page.
  await page.getByRole("table").getByRole("link", { name: used.hint }).first().click();
  await expect(page).toHaveURL(new RegExp(`/credentials/${used.id}$`));

  // Another account's credential id in the filter names nothing and lists nothing of it.
  const elsewhere = await arrangeAccountWithAdmin(test.info());
  const theirs = await createPersonalCredential(
    db,
    { id: elsewhere.id, email: elsewhere.email, accountId: elsewhere.accountId },
    { description: "Not yours" },
    NO_REQUEST,
  );
  if (!("created" in theirs)) throw new Error("expected a credential");
  await page.goto(`/audit?credential=${theirs.created.id}`);
  await expect(page.getByTestId("audit-credential-filter")).toContainText("unknown credential");
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  expect(await page.content()).not.toContain("Not yours");
});

test("the unused filter finds credentials never used or idle for N days, and bulk revoke asks once and revokes each", async ({
  page,
  request,
}) => {
  const { admin, db, personal } = await arrange();
  const never = await personal("Never used");
  const idle = await personal("Idle for weeks");
  const busy = await personal("Used today");
  await db.credential.update({ where: { id: idle.id }, data: { lastUsedAt: new Date(Date.now() - 45 * DAY) } });
  await db.credential.update({ where: { id: busy.id }, data: { lastUsedAt: new Date() } });

  await signInExpectingDashboard(page, admin.email, admin.password);
  await page.goto("/credentials");
  const table = page.getByRole("table", { name: "Credentials" });
  await expect(table.getByRole("row")).toHaveCount(4);
  await page.getByLabel("Unused for").selectOption({ label: "30 days or more" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/unused=30/);
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("row", { name: /Used today/ })).toHaveCount(0);
  await page.getByLabel("Unused for").selectOption({ label: "60 days or more" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row", { name: /Never used/ })).toBeVisible();

  // Back to 30 days: select all on this page (the two idle ones) and revoke them with one confirmation.
  await page.getByLabel("Unused for").selectOption({ label: "30 days or more" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.getByRole("row")).toHaveCount(3);
  await page.getByLabel("Select all on this page").check();
  await expect(page.getByTestId("bulk-selected")).toHaveText("2 selected");
  await page.getByRole("button", { name: "Revoke selected…" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke 2 credentials?" });
  await expect(confirm).toContainText("2 API credentials will be revoked at once and for good");
  await expect(confirm).toContainText(never.hint);
  await expect(confirm).toContainText(idle.hint);
  // The one confirmation passes axe (WCAG 2.1 AA) in light and in dark.
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const scan = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .include("dialog[open]")
      .analyze();
    expect(scan.violations.map((violation) => `${colorScheme}: ${violation.id}`)).toEqual([]);
  }
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("bulk-outcome")).toContainText("Revoked 2 credentials: 2 API credentials.");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(table.getByRole("row", { name: /Never used/ })).toContainText("Revoked");
  await expect(table.getByRole("row", { name: /Idle for weeks/ })).toContainText("Revoked");

  for (const revoked of [never, idle]) {
    expectBearerError(
      await request.get("/api/v2/me", { headers: { Authorization: revoked.secret } }),
      401,
      "invalid_token",
    );
    expect(await db.auditEvent.count({ where: { action: "credential.revoked", targetId: revoked.id } })).toBe(1);
  }
  expect((await request.get("/api/v2/me", { headers: { Authorization: busy.secret } })).status()).toBe(200);
  expect(await db.auditEvent.count({ where: { action: "credential.revoked", targetId: busy.id } })).toBe(0);
});

test("a network user opens their own credential's page from Invoca APIs, with its history, and no one else's", async ({
  page,
}) => {
  const { owner, personal, db, admin } = await arrange();
  const mine = await personal("My export");
  const colleague = await createUser(
    db,
    admin.accountId,
    {
      email: `colleague.${randomUUID().slice(0, 8)}@e2e.test`,
      name: "Colleague",
      password: E2E_USER_PASSWORD,
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId: admin.accountId },
    NO_REQUEST,
  );
  const theirs = await createPersonalCredential(
    db,
    { id: colleague.id, email: colleague.email, accountId: admin.accountId },
    { description: "Colleague's export" },
    NO_REQUEST,
  );
  if (!("created" in theirs)) throw new Error("expected a credential");

  await signInExpectingDashboard(page, owner.email, E2E_USER_PASSWORD);
  await page.goto("/integrations/invoca-apis");
  await page.getByRole("link", { name: mine.hint }).click();
  await expect(page).toHaveURL(new RegExp(`/credentials/${mine.id}$`));
  await expect(historyLabels(page)).toHaveText([`Credential created by ${owner.email}`]);
  // The Audit Log is a super admin's: no link to it here.
  await expect(page.getByRole("link", { name: "All audit events of this credential" })).toHaveCount(0);
  // A colleague's credential is as unknown as a made-up id.
  const response = await page.goto(`/credentials/${theirs.created.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Colleague's export")).toHaveCount(0);
});

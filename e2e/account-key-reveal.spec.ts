// TrackVia (seed 003): the account API Key "can be copied for use in an integration using the
// clipboard icon". Generating it asks for confirmation (it can never change); afterwards a super
// admin reveals it again after typing their password, copies it, and the reveal is in the Audit
// Log. Each test has a network of its own, so the key it generates is its own.
import { expect, test, type Page } from "@playwright/test";
import { NO_REQUEST } from "@/lib/audit";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { clipboardText, credentialBySecret } from "./support/credentials";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeAccountWithAdmin } from "./support/users";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function openApiAccess(page: Page) {
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "API Access" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API Access" })).toBeVisible();
}

test("generate after confirming, then reveal with the password, copy it, and find the reveal audited", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const admin = await arrangeAccountWithAdmin(test.info());
  const db = await databaseFor(test.info());
  await signInExpectingDashboard(page, admin.email, admin.password);
  await openApiAccess(page);

  // Asked first; Cancel generates nothing.
  await page.getByRole("button", { name: "Generate API Key" }).click();
  const confirm = page.getByRole("dialog", { name: "Generate the API Key?" });
  await expect(confirm).toContainText("can never be changed");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  expect(await db.credential.count({ where: { accountKeyOf: admin.accountId } })).toBe(0);

  await page.getByRole("button", { name: "Generate API Key" }).click();
  await confirm.getByRole("button", { name: "Generate" }).click();
  const secret = await page.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(/^kw_ak_[0-9A-Za-z]{38}$/);
  expect((await credentialBySecret(test.info(), secret))?.kind).toBe("ak");
  // The curl line beside it names this install and carries the key in the user_key header.
  const origin = new URL(page.url()).origin;
  await expect(page.getByTestId("secret-curl")).toHaveText(
    `curl -H 'user_key: ${secret}' -H 'Authorization: Bearer <auth token>' '${origin}/api/v2/me'`,
  );
  await page.getByRole("button", { name: "Copy curl command" }).click();
  expect(await clipboardText(page)).toContain(`user_key: ${secret}`);

  await page.reload();
  await expect(page.getByTestId("api-key-hint")).toHaveText(`kw_ak_…${secret.slice(-4)}`);
  await expect(page.getByRole("button", { name: "Generate API Key" })).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  // A wrong password: said next to the field, nothing revealed.
  await page.getByRole("button", { name: "Reveal API Key" }).click();
  const reveal = page.getByRole("dialog", { name: "Reveal the API Key" });
  await reveal.getByLabel("Your password").fill("not the password at all");
  await reveal.getByRole("button", { name: "Reveal" }).click();
  await expect(reveal.getByLabel("Your password")).toHaveAccessibleDescription("Your password is not correct");
  await expect(reveal.getByTestId("new-secret")).toHaveCount(0);

  await reveal.getByLabel("Your password").fill(admin.password);
  await reveal.getByRole("button", { name: "Reveal" }).click();
  await expect(reveal.getByTestId("new-secret")).toHaveValue(secret);
  await reveal.getByRole("button", { name: "Copy to clipboard" }).click();
  expect(await clipboardText(page)).toBe(secret);
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  expect(await page.content()).not.toContain(secret);

  // Audited: one reveal, one failed password; the key is in no audit row.
  const events = await db.auditEvent.findMany({ where: { accountId: admin.accountId } });
  expect(events.filter((event) => event.action === "account.api_key_revealed")).toHaveLength(1);
  expect(
    events.filter((event) => event.action === "auth.sign_in_failed" && event.details?.includes("reveal_api_key")),
  ).toHaveLength(1);
  expect(JSON.stringify(events)).not.toContain(secret);

  // And on the Audit Log page, by its label and the kind's name.
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "Audit Log" }).click();
  const row = page.getByRole("row").filter({ hasText: "Account API key revealed" });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(3)).toHaveText(`kw_ak_…${secret.slice(-4)}(Account API key)`);
  const failed = page.getByRole("row").filter({ hasText: "Sign-in failed" }).first();
  await expect(failed.getByRole("cell").nth(5)).toContainText("Where:Reveal API Key");
});

test("a key generated before the sealed copy existed says it cannot be revealed", async ({ page }) => {
  const admin = await arrangeAccountWithAdmin(test.info());
  const db = await databaseFor(test.info());
  const key = await generateAccountApiKey(db, { ...admin, role: "super_admin" }, NO_REQUEST);
  // What a key generated before migration 0016 looks like: no sealed copy.
  await db.credential.update({ where: { id: key.id }, data: { sealedSecret: null } });
  await signInExpectingDashboard(page, admin.email, admin.password);
  await openApiAccess(page);
  await expect(page.getByTestId("api-key-hint")).toHaveText(key.hint);
  await expect(page.getByTestId("api-key-not-revealable")).toContainText("cannot be revealed");
  await expect(page.getByRole("button", { name: "Reveal API Key" })).toHaveCount(0);
});

test("another network's super admin sees only their own account's key", async ({ page }) => {
  const first = await arrangeAccountWithAdmin(test.info());
  const db = await databaseFor(test.info());
  const key = await generateAccountApiKey(db, { ...first, role: "super_admin" }, NO_REQUEST);
  const other = await arrangeAccountWithAdmin(test.info());
  await signInExpectingDashboard(page, other.email, other.password);
  await openApiAccess(page);
  await expect(page.getByRole("button", { name: "Generate API Key" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Reveal API Key" })).toHaveCount(0);
  expect(await page.content()).not.toContain(key.hint);
});

// The form kit (components/forms): what a first-time admin met in the Create Auth Token
// dialog, fixed once for every dialog. After a refused submit the fields show what the next
// submit sends, and a dialog opened from a right-aligned spot reads left-aligned.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createUser } from "@/lib/users/create-user";
import { updateUser } from "@/lib/users/update-user";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { credentialBySecret } from "./support/credentials";
import { arrangeAccountWithAdmin, E2E_USER_PASSWORD } from "./support/users";

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

// A network of its own: api-access.spec.ts fills the first one to its 100-token cap for a while.
async function arrangeNetwork() {
  const admin = await arrangeAccountWithAdmin(test.info());
  const db = await databaseFor(test.info());
  const actor = { ...SYSTEM_ACTOR, accountId: admin.accountId };
  const apiUser = async () => {
    const email = `api.${randomBytes(4).toString("hex")}@e2e.test`;
    const user = await createUser(
      db,
      admin.accountId,
      { email, name: "E2E API user", password: E2E_USER_PASSWORD, role: "network_user", status: "active" },
      actor,
      NO_REQUEST,
    );
    await updateUser(db, admin.accountId, user.id, { isApiUser: true }, actor, NO_REQUEST);
    return { id: user.id, email };
  };
  return { admin, apiUser };
}

async function openCreateAuthToken(page: Page, admin: { email: string; password: string }) {
  await signInExpectingDashboard(page, admin.email, admin.password);
  await page.goto("/account/api-access");
  await page.getByRole("button", { name: "Create Auth Token" }).click();
  return page.getByRole("dialog", { name: "Create Auth Token" });
}

test("after a refused Create Auth Token submit, the API User shown is the one sent", async ({ page }) => {
  const { admin, apiUser: arrangeApiUser } = await arrangeNetwork();
  const first = await arrangeApiUser();
  const second = await arrangeApiUser();
  const dialog = await openCreateAuthToken(page, admin);
  const apiUser = dialog.getByLabel("API User", { exact: true });
  const name = `Shown is sent ${Date.now()}`;

  // Refused: no name. The chosen user stays chosen on screen.
  await apiUser.selectOption(first.id);
  await dialog.getByLabel("Expiration Date").fill(dateIn(30));
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.locator("#name-error")).toHaveText("Enter a name");
  await expect(apiUser).toHaveValue(first.id);

  // Choosing nothing sends nothing: refused for the API user, not created for the earlier choice.
  await dialog.getByLabel("Name").fill(name);
  await apiUser.selectOption("");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.locator("#apiUserId-error")).toHaveText("Choose an API user");
  await expect(apiUser).toHaveValue("");
  const db = await databaseFor(test.info());
  expect(await db.credential.count({ where: { name } })).toBe(0);

  // Choosing again sends the new choice.
  await apiUser.selectOption(second.id);
  await dialog.getByRole("button", { name: "Create" }).click();
  const secret = await dialog.getByTestId("new-secret").inputValue();
  await expect(dialog).toContainText(`For ${second.email}`);
  expect(await credentialBySecret(test.info(), secret)).toMatchObject({ kind: "at", userId: second.id, name });
});

test("the Create Auth Token dialog reads left-aligned like every other dialog", async ({ page }) => {
  const { admin, apiUser } = await arrangeNetwork();
  await apiUser();
  const dialog = await openCreateAuthToken(page, admin);
  await expect(dialog).toBeVisible();
  const textAlign = (locator: ReturnType<Page["locator"]>) =>
    locator.evaluate((element) => getComputedStyle(element).textAlign);
  expect(await textAlign(dialog)).toBe("left");
  expect(await textAlign(dialog.getByText("cannot be changed once the token is created"))).toBe("left");
  expect(await textAlign(dialog.getByText("Only active users set as API users are offered."))).toBe("left");
});

test("a confirm dialog opened from a right-aligned table cell reads left-aligned too", async ({ page }) => {
  const { admin } = await arrangeNetwork();
  await signInExpectingDashboard(page, admin.email, admin.password);
  await page.goto("/integrations/invoca-apis");
  await page.getByRole("link", { name: "+ New API Credential" }).click();
  await page.getByLabel("Description").fill("Aligned");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("new-secret")).toBeVisible();
  await page.goto("/integrations/invoca-apis");
  await page
    .getByRole("row", { name: /Aligned/ })
    .getByRole("button", { name: "Revoke" })
    .click();
  const dialog = page.getByRole("dialog", { name: "Revoke API credential?" });
  await expect(dialog).toBeVisible();
  expect(
    await dialog.getByText("stops working at once").evaluate((element) => getComputedStyle(element).textAlign),
  ).toBe("left");
});

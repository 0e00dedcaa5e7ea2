// The form kit (components/forms): what a first-time admin met in the Create Auth Token
// dialog, fixed once for every dialog. After a refused submit the fields show what the next
// submit sends, and a dialog opened from a right-aligned spot reads left-aligned.
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./support/server";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { credentialBySecret } from "./support/credentials";
import { arrangeUser } from "./support/users";

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

async function openCreateAuthToken(page: Page) {
  await signInExpectingDashboard(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/account/api-access");
  await page.getByRole("button", { name: "Create Auth Token" }).click();
  return page.getByRole("dialog", { name: "Create Auth Token" });
}

test("after a refused Create Auth Token submit, the API User shown is the one sent", async ({ page }) => {
  const first = await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  const second = await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  const dialog = await openCreateAuthToken(page);
  const apiUser = dialog.getByLabel("API User");
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
  await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  const dialog = await openCreateAuthToken(page);
  await expect(dialog).toBeVisible();
  const textAlign = (locator: ReturnType<Page["locator"]>) => locator.evaluate((element) => getComputedStyle(element).textAlign);
  expect(await textAlign(dialog)).toBe("left");
  expect(await textAlign(dialog.getByText("cannot be changed once the token is created"))).toBe("left");
  expect(await textAlign(dialog.getByText("Only active users set as API users are offered."))).toBe("left");
});

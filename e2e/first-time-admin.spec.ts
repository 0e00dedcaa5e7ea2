// The details a first-time admin meets (issue 12, part 8): a curl line beside every new secret
// that runs as shown, "Change password" in the navigation, a profile that lists the user's
// credentials, New User making an API user with no password, and wording that fits.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { NO_REQUEST } from "@/lib/audit";
import { resumeSession } from "./support/sessions";
import { signIn, signInError, signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeUser } from "./support/users";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const nav = (page: Page) => page.getByRole("navigation", { name: "Main Navigation" });

/** The header and URL of a shown `curl -H '<header>' '<url>'` line. */
function parseCurl(line: string): { name: string; value: string; url: string } {
  const match = /^curl -H '([^:']+): ([^']+)' '([^']+)'$/.exec(line);
  if (!match) throw new Error(`not a one-header curl line: ${line}`);
  return { name: match[1]!, value: match[2]!, url: match[3]! };
}

test("a new API credential comes with a curl line that works as shown, with its own copy button", async ({ page }) => {
  await resumeSession(page, "super_admin");
  await page.goto("/integrations/invoca-apis/new");
  await expect(page.getByText("Strongly recommended")).toHaveCount(0);
  await expect(page.getByText(/^Required\./)).toBeVisible();
  await page.getByLabel("Description").fill("Curl line check");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const secret = await page.getByTestId("new-secret").inputValue();
  const line = (await page.getByTestId("secret-curl").textContent()) ?? "";
  const curl = parseCurl(line);
  // The header transport, never the query string; this install's own address and API version.
  expect(curl).toMatchObject({ name: "Authorization", value: `Bearer ${secret}` });
  expect(curl.url).toBe(`${new URL(page.url()).origin}/api/2022-08-01/advertisers.json`);
  expect(curl.url).not.toContain(secret);
  await page.getByRole("button", { name: "Copy curl command" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(line);
  const response = await page.request.get(curl.url, { headers: { [curl.name]: curl.value } });
  expect(response.status()).toBe(200);
  // And pasted into a shell as it is, it answers the same list.
  const { stdout } = await promisify(execFile)("sh", ["-c", `${line} --silent --fail-with-body`]);
  expect(JSON.parse(stdout)).toEqual(await response.json());
});

test("the navigation offers Change password", async ({ page }) => {
  await resumeSession(page, "super_admin");
  await nav(page).getByRole("link", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
});

test("a user's profile lists their credentials, with a link to all of them under Credentials", async ({ page }) => {
  const user = await arrangeUser(test.info(), { role: "network_user" });
  const db = await databaseFor(test.info());
  const made = await createPersonalCredential(db, user, { description: "Profile listing" }, NO_REQUEST);
  if (!("created" in made)) throw new Error("expected a credential");
  const { hint } = made.created;
  await resumeSession(page, "super_admin");
  await page.goto(`/users/${user.id}`);
  const table = page.getByRole("table", { name: `Credentials of ${user.email}` });
  const row = table.getByRole("row").filter({ hasText: hint });
  await expect(row).toContainText("API credential");
  await expect(row).toContainText("Profile listing");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never");
  await page.getByRole("link", { name: "Manage them under Credentials" }).click();
  await expect(page).toHaveURL(new RegExp(`/credentials\\?user=${user.id}$`));
  await expect(page.getByTestId("credentials-user-filter")).toContainText(user.email);
  const listed = page.getByRole("table", { name: "Credentials" }).locator("tbody tr");
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(hint);
});

test("New User makes an API user at once, with no password, and it cannot sign in", async ({ page, browser }) => {
  await resumeSession(page, "super_admin");
  await page.goto("/users/new");
  const email = `api.${Date.now().toString(36)}@e2e.test`;
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill("Nightly sync");
  await page.getByLabel("Role", { exact: true }).selectOption("network_user");
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
  await page.getByLabel("API user (no sign-in)").check();
  await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nightly sync" })).toBeVisible();
  await expect(page.getByTestId("profile-api-user")).toHaveText("Yes");
  await expect(page.getByTestId("profile-password-changed")).toHaveText(/^No password/);

  const strangerContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const stranger = await strangerContext.newPage();
  for (const password of ["", "a password someone guessed"]) {
    await signIn(stranger, email, password);
    await expect(stranger).toHaveURL(/\/sign-in/);
    if (password) await expect(signInError(stranger)).toHaveText("Incorrect email or password.");
  }
  await strangerContext.close();
});

test("wording: 'an advertiser user', and no 'signed out' for someone who never signed in", async ({ browser }) => {
  // A browser that never had a session cookie.
  const visitorContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const visitor = await visitorContext.newPage();
  await visitor.goto("/");
  await expect(visitor).toHaveURL(/\/sign-in$/);
  await expect(visitor.getByRole("heading", { name: "Sign in to Keyward" })).toBeVisible();
  await expect(visitor.getByText("You are signed out")).toHaveCount(0);

  const user = await arrangeUser(test.info(), { role: "advertiser_user" });
  await signInExpectingDashboard(visitor, user.email, user.password);
  await expect(visitor.getByText("You are signed in as an advertiser user.")).toBeVisible();
  // Someone who did sign out is told so.
  await visitor.getByRole("button", { name: "Sign out" }).click();
  await expect(visitor).toHaveURL(/\/sign-in\?reason=signed-out$/);
  await expect(visitor.getByText("You are signed out. Sign in to continue.")).toBeVisible();
  await visitorContext.close();
});

test("an API key's and an OAuth client secret's curl lines run as shown", async ({ page }) => {
  test.setTimeout(120_000);
  const owner = await arrangeUser(test.info(), { role: "network_user" });
  await resumeSession(page, "super_admin");
  const origin = new URL(page.url()).origin;

  await page.goto("/api-keys");
  await page.getByRole("button", { name: "Create API Key" }).click();
  const keyDialog = page.getByRole("dialog", { name: "Create API Key" });
  await keyDialog.getByLabel("Name").fill("Curl line key");
  await keyDialog.getByLabel("User", { exact: true }).selectOption(owner.id);
  await keyDialog.getByRole("button", { name: "Create" }).click();
  const key = await keyDialog.getByTestId("new-secret").inputValue();
  const keyCurl = parseCurl((await keyDialog.getByTestId("secret-curl").textContent()) ?? "");
  expect(keyCurl).toEqual({ name: "Authorization", value: `key ${key}`, url: `${origin}/api/v2/me` });
  const me = await page.request.get(keyCurl.url, { headers: { [keyCurl.name]: keyCurl.value } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: owner.email });
  await keyDialog.getByRole("button", { name: "Done" }).click();

  await page.goto("/oauth-apps");
  await page.getByRole("button", { name: "Register OAuth App" }).click();
  const appDialog = page.getByRole("dialog", { name: "Register OAuth App" });
  await appDialog.getByLabel("Name", { exact: true }).fill(`Curl line app ${Date.now().toString(36)}`);
  await appDialog.getByRole("checkbox", { name: "Client credentials" }).check();
  await appDialog.getByRole("checkbox", { name: "users:read" }).check();
  await appDialog.getByRole("combobox", { name: "Acts as user" }).selectOption(owner.id);
  await appDialog.getByRole("button", { name: "Register", exact: true }).click();
  const clientId = await appDialog.getByRole("textbox", { name: "Client ID" }).inputValue();
  const secret = await appDialog.getByTestId("new-secret").inputValue();
  const line = (await appDialog.getByTestId("secret-curl").textContent()) ?? "";
  expect(line).toBe(`curl -u '${clientId}:${secret}' -d grant_type=client_credentials '${origin}/oauth2/token'`);
  const token = await page.request.post(`${origin}/oauth2/token`, {
    headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    form: { grant_type: "client_credentials" },
  });
  expect(token.status()).toBe(200);
  expect(await token.json()).toMatchObject({ token_type: "Bearer" });
});

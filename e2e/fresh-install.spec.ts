// A new user's first hour, in Chromium, on a server of its own with a fresh database (a fresh
// install): the first super admin's dashboard says the network has no advertisers and links to
// create one; they create advertiser 1111 (and 2222) on the Advertisers screen and an advertiser
// user for 1111 on Manage Users; that user creates their own API credential on Invoca APIs, and
// with it reads advertiser 1111 over HTTP and is refused (403) on any write and on 2222.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { serverOfItsOwn } from "./support/own-server";
import { E2E_ADMIN } from "./support/server";
import { signInExpectingDashboard } from "./support/sign-in";

const own = serverOfItsOwn(11);
const V = "2022-08-01";

async function pageOn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: own.server().baseURL });
  return context.newPage();
}

async function createAdvertiser(page: Page, idFromNetwork: string, name: string) {
  const dialog = page.getByRole("dialog", { name: "New Advertiser" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("ID from network").fill(idFromNetwork);
  await dialog.getByLabel("Name").fill(name);
  await expect(dialog.getByLabel("Approval status")).toHaveValue("Approved");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: idFromNetwork })).toContainText(name);
}

test("a fresh install: advertiser 1111, its user, and that user's credential reading 1111 only", async ({
  browser,
}) => {
  const admin = await pageOn(browser);
  await signInExpectingDashboard(admin, E2E_ADMIN.email, E2E_ADMIN.password);

  // The empty network says so, and the link opens the New Advertiser dialog.
  await expect(admin.getByText("Your network has no advertisers yet")).toBeVisible();
  await admin.getByRole("link", { name: "Create an advertiser" }).click();
  await createAdvertiser(admin, "1111", "Acme Outdoor");
  await admin.getByRole("button", { name: "New Advertiser" }).click();
  await createAdvertiser(admin, "2222", "Bluebird Travel");
  await admin.goto("/");
  await expect(admin.getByText("Your network has no advertisers yet")).toHaveCount(0);

  // An advertiser user for 1111, from Manage Users.
  const email = `ada.${Date.now()}@fresh.test`;
  const password = "ada's first password";
  await admin.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "Manage Users" }).click();
  await admin.getByRole("link", { name: "+ New User" }).click();
  await admin.getByLabel("Email", { exact: true }).fill(email);
  await admin.getByLabel("Name", { exact: true }).fill("Ada Advertiser");
  await admin.getByLabel("Role", { exact: true }).selectOption("advertiser_user");
  await admin.getByLabel("Advertiser", { exact: true }).selectOption({ label: "Acme Outdoor (1111)" });
  await admin.getByLabel("Status", { exact: true }).selectOption("active");
  await admin.getByLabel("Password", { exact: true }).fill(password);
  await admin.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByTestId("profile-email")).toHaveText(email);

  // That user makes their own API credential, shown once.
  const ada = await pageOn(browser);
  await signInExpectingDashboard(ada, email, password);
  await ada
    .getByRole("navigation", { name: "Main Navigation" })
    .getByRole("link", { name: "Manage Integrations" })
    .click();
  await ada.getByRole("link", { name: /Invoca APIs/ }).click();
  await ada.getByRole("link", { name: "+ New API Credential" }).click();
  await ada.getByLabel("Description").fill("Reporting API – Acme nightly export");
  await ada.getByRole("button", { name: "Save", exact: true }).click();
  const token = await ada.getByTestId("new-secret").inputValue();
  expect(token).toMatch(/^kw_pat_/);

  // With it: advertiser 1111 reads; writing anything and reading 2222 are refused.
  const api = own.api();
  const headers = { Accept: "application/json", "Content-Type": "application/json", Authorization: token };
  const read = await api.get(`/api/${V}/advertisers/1111.json`, { headers });
  expect(read.status()).toBe(200);
  expect(await read.json()).toMatchObject({
    id_from_network: "1111",
    name: "Acme Outdoor",
    approval_status: "Approved",
  });
  const refusals = [
    await api.post(`/api/${V}/advertisers/1111.json`, { headers, data: { name: "Acme Renamed" } }),
    await api.put(`/api/${V}/advertisers/1111.json`, { headers, data: { name: "Acme Renamed" } }),
    await api.delete(`/api/${V}/advertisers/1111.json`, { headers }),
    await api.post(`/api/${V}/advertisers/3333.json`, { headers, data: { name: "Made by Ada" } }),
    await api.get(`/api/${V}/advertisers/2222.json`, { headers }),
  ];
  for (const refused of refusals) {
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "insufficient_scope" });
  }
  const list = await api.get(`/api/${V}/advertisers.json`, { headers });
  expect((await list.json()).advertisers.map((row: { id_from_network: string }) => row.id_from_network)).toEqual([
    "1111",
  ]);
  expect(await own.db().advertiser.count()).toBe(2);
  expect((await own.db().advertiser.findFirstOrThrow({ where: { idFromNetwork: "1111" } })).name).toBe("Acme Outdoor");
});

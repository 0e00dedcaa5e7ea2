// Accounts are networks. A second network is made from the command line (`npm run
// account:create`, docs/operations.md), and its admin, signing in with the one-time password
// the command printed, finds an empty network: none of the first network's users, advertisers
// or data, in the web app or through the API. The dashboard says the network has no advertisers.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { organizationData } from "@/lib/organizations/rows";
import { SUPPORTED_API_VERSIONS } from "@/lib/api/versions";
import { E2E_ADMIN, E2E_SECRET } from "./support/server";
import { resumeSession } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor, serverFor } from "./support/state";
import { accountIdFor } from "./support/users";

const V = SUPPORTED_API_VERSIONS[0];

/** `npm run account:create -- <args>` on the project server's database, as an operator runs it. */
async function accountCreate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { baseURL, database } = serverFor(test.info());
  try {
    const { stdout, stderr } = await promisify(execFile)("npm", ["run", "--silent", "account:create", "--", ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "production",
        DATABASE_URL: database.url,
        KEYWARD_SECRET: E2E_SECRET,
        KEYWARD_URL: baseURL,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("npm run account:create makes a second network whose admin signs in to an empty network", async ({
  page,
  request,
}) => {
  // Something of the first network's own that the second must not see.
  const db = await databaseFor(test.info());
  const tag = randomBytes(3).toString("hex");
  const firstNetworkAdvertiser = await db.advertiser.create({
    data: organizationData(await accountIdFor(test.info()), `first-${tag}`, `First Network Advertiser ${tag}`),
  });

  const email = `second-admin.${tag}@e2e.test`;
  const created = await accountCreate(["--name", `Second Network ${tag}`, "--admin-email", email]);
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toContain(`Network "Second Network ${tag}" created`);
  const password = /password: (\S+)/.exec(created.stdout)?.[1];
  if (!password) throw new Error(`no password printed:\n${created.stdout}`);

  await signInExpectingDashboard(page, email, password);
  const notice = page.getByRole("region", { name: "Your network has no advertisers yet" });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole("link", { name: "Create an advertiser" })).toHaveAttribute(
    "href",
    "/advertisers?create=1",
  );

  // Manage Users: the new admin alone, none of the first network's users.
  await page.goto("/users");
  const users = page.getByRole("table");
  await expect(users).toContainText(email);
  await expect(users).not.toContainText(E2E_ADMIN.email);
  await expect(users.getByRole("row")).toHaveCount(2); // the header and the admin

  // Through the API, with a credential the new admin makes on the Invoca APIs page.
  await page.goto("/integrations/invoca-apis");
  await page.getByRole("link", { name: "+ New API Credential" }).click();
  await page.getByLabel("Description").fill("Second network reporting");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const token = await page.getByTestId("new-secret").inputValue();
  const list = await request.get(`/api/${V}/advertisers.json`, { headers: { Authorization: token } });
  expect(list.status()).toBe(200);
  expect(await list.json()).toMatchObject({ advertisers: [], total: 0 });
  const foreign = await request.get(`/api/${V}/advertisers/${firstNetworkAdvertiser.idFromNetwork}.json`, {
    headers: { Authorization: token },
  });
  expect(foreign.status()).toBe(404);

  // And the other way round: the first network's admin does not see the new admin.
  await page.context().clearCookies();
  await resumeSession(page, "super_admin");
  // This network has an advertiser, so its dashboard has no such notice.
  await expect(page.getByRole("region", { name: "Your network has no advertisers yet" })).toHaveCount(0);
  await page.goto("/users");
  // Newest first: had the new admin joined this network, they would head the first page.
  await expect(page.getByRole("heading", { level: 1, name: "Manage Users" })).toBeVisible();
  await expect(page.getByRole("table")).not.toContainText(email);
});

test("npm run account:create refuses a missing name, a bad email and an email already in use", async () => {
  const missing = await accountCreate(["--admin-email", "not-an-email"]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("--name: Give the network a name");
  expect(missing.stderr).toContain("--admin-email: Enter a valid email address");
  const taken = await accountCreate(["--name", "Copycat Network", "--admin-email", E2E_ADMIN.email]);
  expect(taken.code).toBe(1);
  expect(taken.stderr).toContain(`${E2E_ADMIN.email} already has a user`);
  const db = await databaseFor(test.info());
  expect(await db.account.count({ where: { name: "Copycat Network" } })).toBe(0);
});

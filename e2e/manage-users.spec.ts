// Manage Users in Chromium, as the super admin: the list, the New User form, the profile
// page with "Set As API User" (TrackVia), "Set password", and the server-side role checks
// that a network user meets however they ask.
import { randomBytes } from "node:crypto";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createUser } from "@/lib/users/create-user";
import { E2E_ADMIN } from "./support/server";
import { resumeSession } from "./support/sessions";
import { signIn, signInError, signInExpectingDashboard } from "./support/sign-in";
import { holdNextAction, replay } from "./support/server-actions";
import { databaseFor } from "./support/state";
import { accountIdFor, arrangeUser } from "./support/users";
import { organizationData } from "@/lib/organizations/rows";

const suffix = () => randomBytes(4).toString("hex");

/** Continues the seeded super admin's session saved by e2e/auth.setup.ts. */
async function signInAsAdmin(page: Page): Promise<void> {
  await resumeSession(page, "super_admin");
}

/** A second browser session (own cookies) on the project's server. */
async function newSession(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  return context.newPage();
}

async function adminId(testInfo: TestInfo): Promise<string> {
  const db = await databaseFor(testInfo);
  return (await db.user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email } })).id;
}

test("the super admin creates a user through the New User form; errors sit next to their fields and typed values stay", async ({
  page,
}) => {
  const db = await databaseFor(test.info());
  const accountId = await accountIdFor(test.info());
  const tag = suffix();
  const advertiser = await db.advertiser.create({
    data: organizationData(accountId, `adv-${tag}`, `Advertiser ${tag}`),
  });
  const email = `ada.${suffix()}@e2e.test`;

  await signInAsAdmin(page);
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "Manage Users" }).click();
  await page.getByRole("link", { name: "+ New User" }).click();
  await expect(page).toHaveURL(/\/users\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "New User" })).toBeVisible();

  // Advertiser is asked for only once the role is "Advertiser user".
  await expect(page.getByLabel("Advertiser", { exact: true })).toHaveCount(0);
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByLabel("Name", { exact: true }).fill("Ada Example");
  await page.getByLabel("Role", { exact: true }).selectOption("advertiser_user");
  await expect(page.getByLabel("Advertiser", { exact: true })).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption("unverified");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create user" }).click();

  await expect(page.getByLabel("Email", { exact: true })).toHaveAccessibleDescription("Enter a valid email address");
  await expect(page.getByLabel("Advertiser", { exact: true })).toHaveAccessibleDescription(
    "Choose the advertiser this user belongs to",
  );
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription(/Use at least 12 characters/);
  await expect(page.getByLabel("Name", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Ada Example");
  await expect(page.getByLabel("Role", { exact: true })).toHaveValue("advertiser_user");
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("unverified");
  await expect(page.getByLabel("Password", { exact: true }), "a password is never sent back").toHaveValue("");
  await expect(page).toHaveURL(/\/users\/new$/);

  // An email that exists (in another letter case) is refused on the Email field; the
  // button is disabled while the action runs (the request is held until we let it go).
  await page.getByLabel("Email", { exact: true }).fill(E2E_ADMIN.email.toUpperCase());
  await page.getByLabel("Advertiser", { exact: true }).selectOption(advertiser.id);
  await page.getByLabel("Password", { exact: true }).fill("ada's first password");
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/users/new", async (route) => {
    if (route.request().method() === "POST") await held;
    await route.continue();
  });
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("button", { name: "Creating user…" })).toBeDisabled();
  release();
  await expect(page.getByLabel("Email", { exact: true })).toHaveAccessibleDescription(
    "A user with this email already exists",
  );
  await page.unrouteAll();
  await expect(page.getByLabel("Advertiser", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Ada Example");
  await expect(page.getByLabel("Advertiser", { exact: true })).toHaveValue(advertiser.id);
  expect(await db.user.count({ where: { name: "Ada Example" } })).toBe(0);

  await page.getByLabel("Email", { exact: true }).fill(`  ${email.toUpperCase()} `);
  await page.getByLabel("Password", { exact: true }).fill("ada's first password");
  await page.getByRole("button", { name: "Create user" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Ada Example" })).toBeVisible();
  const created = await db.user.findUniqueOrThrow({ where: { email } });
  await expect(page).toHaveURL(new RegExp(`/users/${created.id}$`));
  await expect(page.getByTestId("profile-email")).toHaveText(email);
  await expect(page.getByTestId("profile-role")).toHaveText("Advertiser user");
  await expect(page.getByTestId("profile-status")).toHaveText("Unverified");
  await expect(page.getByTestId("profile-advertiser")).toHaveText(advertiser.name);
  await expect(page.getByTestId("profile-api-user")).toHaveText("No");
  await expect(page.getByTestId("profile-last-sign-in")).toHaveText("never");
  expect(created).toMatchObject({
    role: "advertiser_user",
    status: "unverified",
    advertiserId: advertiser.id,
    publisherId: null,
    isApiUser: false,
    accountId,
  });
  const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.created", targetId: created.id } });
  expect(audit.actorLabel).toBe(E2E_ADMIN.email);

  // The list links each row to the profile.
  await page.goto("/users");
  await page.getByRole("row").filter({ hasText: email }).getByRole("link", { name: "Ada Example" }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${created.id}$`));
});

test('"Set As API User" is refused for an Unverified user; once active, the user is set as API user, audited, and refused at sign-in', async ({
  page,
  browser,
}) => {
  const db = await databaseFor(test.info());
  const user = await arrangeUser(test.info(), { status: "unverified" });
  const apiUserBox = () => page.getByLabel("Set As API User", { exact: true });

  await signInAsAdmin(page);
  await page.goto("/users");
  await page.getByRole("row").filter({ hasText: user.email }).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/users/${user.id}$`));
  await expect(page.getByTestId("profile-status")).toHaveText("Unverified");

  const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  await apiUserBox().check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(apiUserBox()).toHaveAccessibleDescription(
    /Users in "Unverified" status may not be designated as API Users/,
  );
  await expect(apiUserBox()).toBeChecked();
  expect(await db.user.findUniqueOrThrow({ where: { id: user.id } }), "nothing was written").toEqual(before);
  expect(
    await db.auditEvent.count({ where: { targetId: user.id, action: { in: ["user.api_user_set", "user.updated"] } } }),
  ).toBe(0);
  await expect(page.getByTestId("profile-api-user")).toHaveText("No");

  // Activate first, then set as API user.
  await apiUserBox().uncheck();
  await page.getByLabel("Status", { exact: true }).selectOption("active");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeVisible();
  await expect(page.getByTestId("profile-status")).toHaveText("Active");
  expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
    status: "active",
    isApiUser: false,
  });

  await apiUserBox().check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("profile-api-user")).toHaveText("Yes");
  await expect(apiUserBox()).toBeChecked();
  expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
    status: "active",
    isApiUser: true,
  });
  const events = await db.auditEvent.findMany({ where: { targetId: user.id, action: "user.api_user_set" } });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ actorLabel: E2E_ADMIN.email, targetLabel: user.email });
  await page.goto("/audit");
  // The Audit Log shows each action by its label (lib/audit.ts AUDIT_ACTIONS).
  await expect(
    page.getByRole("row").filter({ hasText: AUDIT_ACTIONS["user.api_user_set"] }).filter({ hasText: user.email }),
  ).toHaveCount(1);

  const userPage = await newSession(browser, test.info());
  await signIn(userPage, user.email, user.password);
  await expect(signInError(userPage)).toContainText("API users cannot sign in to the web app");
  await userPage.context().close();
});

test("a super admin cannot disable, demote or make an API user of themself", async ({ page }) => {
  const db = await databaseFor(test.info());
  const id = await adminId(test.info());
  const before = await db.user.findUniqueOrThrow({ where: { id } });
  await signInAsAdmin(page);
  await page.goto(`/users/${id}`);
  await expect(page.getByText("This is you.")).toBeVisible();

  await page.getByLabel("Status", { exact: true }).selectOption("disabled");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByLabel("Status", { exact: true })).toHaveAccessibleDescription(
    /You cannot change your own status/,
  );

  await page.getByLabel("Status", { exact: true }).selectOption("active");
  await page.getByLabel("Role", { exact: true }).selectOption("network_user");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByLabel("Role", { exact: true })).toHaveAccessibleDescription(/You cannot change your own role/);

  await page.getByLabel("Role", { exact: true }).selectOption("super_admin");
  await page.getByLabel("Set As API User", { exact: true }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByLabel("Set As API User", { exact: true })).toHaveAccessibleDescription(
    /You cannot make yourself an API user/,
  );

  const after = await db.user.findUniqueOrThrow({ where: { id } });
  expect({ ...after, lastSignInAt: null, updatedAt: null }).toEqual({ ...before, lastSignInAt: null, updatedAt: null });
  // Still signed in, still a super admin.
  expect((await page.goto("/users"))?.status()).toBe(200);
});

test("Set password replaces a user's password: typed twice, never shown again", async ({ page, browser }) => {
  const db = await databaseFor(test.info());
  const user = await arrangeUser(test.info());
  const hash = async () =>
    (await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } })).passwordHash;
  const before = await hash();
  await signInAsAdmin(page);
  await page.goto(`/users/${user.id}`);

  await page.getByLabel("New password", { exact: true }).fill("the replacement 789");
  await page.getByLabel("Confirm new password", { exact: true }).fill("the replacement 780");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByLabel("Confirm new password", { exact: true })).toHaveAccessibleDescription(
    "The two passwords do not match",
  );
  await expect(page.getByLabel("New password", { exact: true })).toHaveValue("");
  expect(await hash()).toBe(before);

  await page.getByLabel("New password", { exact: true }).fill("the replacement 789");
  await page.getByLabel("Confirm new password", { exact: true }).fill("the replacement 789");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password set." })).toBeVisible();
  expect(await hash()).not.toBe(before);

  const userPage = await newSession(browser, test.info());
  await signIn(userPage, user.email, user.password);
  await expect(signInError(userPage)).toHaveText("Incorrect email or password.");
  await signInExpectingDashboard(userPage, user.email, "the replacement 789");
  await userPage.context().close();
});

test("a profile of an unknown user or of another account's user is a 404", async ({ page }) => {
  const db = await databaseFor(test.info());
  const otherAccount = await db.account.create({ data: { name: `Other ${suffix()}` } });
  const stranger = await createUser(
    db,
    otherAccount.id,
    {
      email: `stranger.${suffix()}@e2e.test`,
      name: "Stranger",
      password: "stranger password 1",
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId: otherAccount.id },
    NO_REQUEST,
  );
  await signInAsAdmin(page);
  for (const path of [`/users/${stranger.id}`, "/users/no-such-user"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await expect(page.getByText("Stranger")).toHaveCount(0);
});

test("a network user gets 403 from /users, /users/new and a user's profile", async ({ page }) => {
  const target = await arrangeUser(test.info());
  await resumeSession(page, "network_user");
  for (const path of ["/users", "/users/new", `/users/${target.id}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "403: not allowed" })).toBeVisible();
  }
});

test("a network user's hand-crafted server action requests are refused with 403 and change nothing", async ({
  page,
  browser,
}) => {
  const db = await databaseFor(test.info());
  const victim = await arrangeUser(test.info());
  const attacker = await arrangeUser(test.info(), { role: "network_user" });
  const craftedEmail = `crafted.${suffix()}@e2e.test`;

  // The real requests, as the admin's browser would send them (held back, never run).
  await signInAsAdmin(page);
  await page.goto(`/users/${victim.id}`);
  let next = await holdNextAction(page, `/users/${victim.id}`);
  await page.getByLabel("Name", { exact: true }).fill("Renamed by hand");
  await page.getByLabel("Status", { exact: true }).selectOption("disabled");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const update = await next();
  await page.goto("/users/new");
  next = await holdNextAction(page, "/users/new");
  await page.getByLabel("Email", { exact: true }).fill(craftedEmail);
  await page.getByLabel("Name", { exact: true }).fill("Crafted");
  await page.getByLabel("Role", { exact: true }).selectOption("super_admin");
  await page.getByLabel("Password", { exact: true }).fill("crafted password 1");
  await page.getByRole("button", { name: "Create user" }).click();
  const create = await next();
  await page.goto("/users");

  const before = await db.user.findUniqueOrThrow({ where: { id: victim.id } });
  const attackerPage = await newSession(browser, test.info());
  await signInExpectingDashboard(attackerPage, attacker.email, attacker.password);
  expect(await replay(attackerPage, update)).toBe(403);
  expect(await replay(attackerPage, create)).toBe(403);
  expect(await db.user.findUniqueOrThrow({ where: { id: victim.id } })).toEqual(before);
  expect(await db.user.count({ where: { email: craftedEmail } })).toBe(0);
  expect(await db.auditEvent.count({ where: { actorId: attacker.id, action: { startsWith: "user." } } })).toBe(0);
  await attackerPage.context().close();

  // The same requests from the super admin's session do work: the 403 above is the role
  // check, not a malformed replay.
  expect(await replay(page, update)).toBe(200);
  expect(await db.user.findUniqueOrThrow({ where: { id: victim.id } })).toMatchObject({
    name: "Renamed by hand",
    status: "disabled",
  });
  expect(await replay(page, create)).toBe(200);
  expect(await db.user.findUnique({ where: { email: craftedEmail } })).toMatchObject({ role: "super_admin" });
});

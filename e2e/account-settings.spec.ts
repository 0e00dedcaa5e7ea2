// API Settings belong to one account (network): its super admin's switches apply to its own
// credentials and users only, are audited in its own log, and a super admin of another
// account cannot reach them, not even with a hand-crafted server action request.
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { expectBearerError } from "./support/api";
import { holdNextAction, replay } from "./support/server-actions";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeAccountWithAdmin, E2E_USER_PASSWORD } from "./support/users";

async function arrangeNetwork(testInfo: TestInfo) {
  const db = await databaseFor(testInfo);
  const admin = await arrangeAccountWithAdmin(testInfo);
  const email = `settings.${randomBytes(4).toString("hex")}@e2e.test`;
  const user = await createUser(
    db,
    admin.accountId,
    { email, name: "Settings User", password: E2E_USER_PASSWORD, role: "network_user", status: "active" },
    { ...SYSTEM_ACTOR, accountId: admin.accountId },
    NO_REQUEST,
  );
  const credential = await createPersonalCredential(
    db,
    { id: user.id, email, accountId: admin.accountId },
    { description: "query string" },
    NO_REQUEST,
  );
  if (!("created" in credential)) throw new Error("expected a credential");
  return { admin, user: { id: user.id, email, password: E2E_USER_PASSWORD }, token: credential.created.secret };
}

async function newSession(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  return context.newPage();
}

/** The Audit Log page's rows for one actor, as its super admin sees them. */
async function auditRowsFor(page: Page, actorEmail: string): Promise<string[]> {
  await page.goto(`/audit?actor=${encodeURIComponent(actorEmail)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit Log" })).toBeVisible();
  return page.getByRole("table").locator("tbody tr").allInnerTexts();
}

test("account A's super admin switches off query tokens and the token exchange: A's credential and users are refused, B's still work, and only A's audit log shows it", async ({
  page,
  browser,
  request,
}) => {
  // Two networks, three browser sign-ins and six password checks (bcrypt): more than the
  // default minute on a loaded machine.
  test.setTimeout(120_000);
  const db = await databaseFor(test.info());
  const a = await arrangeNetwork(test.info());
  const b = await arrangeNetwork(test.info());
  const exchange = (user: { email: string; password: string }) =>
    request.post("/api/v2/api_tokens", { headers: { "Content-Type": "application/json" }, data: JSON.stringify(user) });
  expect((await request.get(`/api/v2/me?oauth_token=${a.token}`)).status()).toBe(200);
  expect((await request.get(`/api/v2/me?oauth_token=${b.token}`)).status()).toBe(200);

  await signInExpectingDashboard(page, a.admin.email, a.admin.password);
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "API Settings" }).click();
  await page.getByLabel("Accept tokens in the query string").uncheck();
  await page.getByLabel("Token exchange endpoint (email + password)").uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Saved");

  // Account B: untouched.
  expect((await request.get(`/api/v2/me?oauth_token=${b.token}`)).status()).toBe(200);
  const bExchange = await exchange(b.user);
  expect(bExchange.status()).toBe(200);
  expect(
    (
      await request.get("/api/v2/me", { headers: { Authorization: `token ${(await bExchange.json()).token}` } })
    ).status(),
  ).toBe(200);

  // Account A: refused at once (the instance that saved it applies it without waiting).
  expectBearerError(await request.get(`/api/v2/me?oauth_token=${a.token}`), 400, "invalid_request");
  expect((await request.get("/api/v2/me", { headers: { Authorization: a.token } })).status()).toBe(200);
  const off = await exchange(a.user);
  expect(off.status()).toBe(403);
  expect((await off.json()).error_description).toContain("switched off for this account");
  // Without the password, A's switch is invisible: the answer of any wrong password.
  const wrong = await exchange({ email: a.user.email, password: "not the password" });
  expect(wrong.status()).toBe(401);
  expect(await wrong.json()).toEqual(
    await (
      await exchange({ email: `nobody.${randomBytes(3).toString("hex")}@e2e.test`, password: "not the password" })
    ).json(),
  );

  // A's log shows the change; B's super admin does not see it.
  expect((await auditRowsFor(page, a.admin.email)).filter((row) => row.includes("API settings changed"))).toHaveLength(
    1,
  );
  const bPage = await newSession(browser, test.info());
  await signInExpectingDashboard(bPage, b.admin.email, b.admin.password);
  expect(await auditRowsFor(bPage, a.admin.email)).toHaveLength(0);
  expect(await db.auditEvent.count({ where: { action: "settings.updated", accountId: b.admin.accountId } })).toBe(0);
  expect(await db.auditEvent.count({ where: { action: "settings.updated", accountId: a.admin.accountId } })).toBe(1);
  await bPage.goto("/settings");
  await expect(bPage.getByLabel("Accept tokens in the query string")).toBeChecked();
  await bPage.context().close();
});

test("a hand-crafted settings request from account B's super admin changes B's settings only, never A's", async ({
  page,
  browser,
  request,
}) => {
  const db = await databaseFor(test.info());
  const a = await arrangeNetwork(test.info());
  const b = await arrangeNetwork(test.info());
  await db.account.update({
    where: { id: a.admin.accountId },
    data: { allowQueryTokens: false, allowTokenExchange: false },
  });

  // A's own request switching both back on, held back (it never runs).
  await signInExpectingDashboard(page, a.admin.email, a.admin.password);
  await page.goto("/settings");
  const next = await holdNextAction(page, "/settings");
  await page.getByLabel("Accept tokens in the query string").check();
  await page.getByLabel("Token exchange endpoint (email + password)").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const captured = await next();

  const bPage = await newSession(browser, test.info());
  await signInExpectingDashboard(bPage, b.admin.email, b.admin.password);
  await bPage.goto("/settings");
  expect(await replay(bPage, captured)).toBe(200);
  await bPage.context().close();

  expect(
    await db.account.findUniqueOrThrow({
      where: { id: a.admin.accountId },
      select: { allowQueryTokens: true, allowTokenExchange: true },
    }),
  ).toEqual({ allowQueryTokens: false, allowTokenExchange: false });
  expectBearerError(await request.get(`/api/v2/me?oauth_token=${a.token}`), 400, "invalid_request");
  expect(await db.auditEvent.count({ where: { action: "settings.updated", accountId: a.admin.accountId } })).toBe(0);
  // What B's request did change, it changed in B and recorded in B's log, under B's admin.
  expect(
    await db.auditEvent.findFirstOrThrow({ where: { action: "settings.updated", accountId: b.admin.accountId } }),
  ).toMatchObject({ actorId: b.admin.id });
});

// Signing out ends the session on the server, a session lives at most
// SESSION_MAX_AGE_SECONDS from sign-in however often it is renewed, and a new password ends
// the API tokens the old one bought at the token exchange.
import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { derivedKey } from "@/lib/auth/keys";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/web-sessions";
import { E2E_ADMIN } from "./support/server";
import { holdNextAction, replay } from "./support/server-actions";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeUser } from "./support/users";

const SESSION_COOKIE = "next-auth.session-token";

async function newContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  return browser.newContext({ baseURL: testInfo.project.use.baseURL });
}

async function sessionCookie(page: Page) {
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return cookie;
}

async function expectSignedOut(page: Page, path: string) {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
}

test("after sign-out, a copy of the session cookie is refused by pages and by server actions, while the user's other sessions go on", async ({
  page,
  browser,
}) => {
  const db = await databaseFor(test.info());
  const user = await arrangeUser(test.info());
  const passwordHash = async () =>
    (await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } })).passwordHash;
  const before = await passwordHash();

  await signInExpectingDashboard(page, user.email, user.password);
  // A real request of this session, held back (it never runs): a password change.
  await page.goto("/account/password");
  const next = await holdNextAction(page, "/account/password");
  await page.getByLabel("Current password", { exact: true }).fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill("changed by a stolen cookie");
  await page.getByLabel("Confirm new password", { exact: true }).fill("changed by a stolen cookie");
  await page.getByRole("button", { name: "Save new password" }).click();
  const action = await next();

  // The same user signed in elsewhere, and a copy of the first browser's cookie.
  const elsewhere = await (await newContext(browser, test.info())).newPage();
  await signInExpectingDashboard(elsewhere, user.email, user.password);
  const copy = await newContext(browser, test.info());
  await copy.addCookies([await sessionCookie(page)]);
  const thief = await copy.newPage();
  await thief.goto("/");
  await expect(thief.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();

  await page.goto("/");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await expectSignedOut(thief, "/");
  await expectSignedOut(thief, "/integrations/invoca-apis");
  await replay(thief, action);
  expect(await passwordHash()).toBe(before);
  expect(await db.auditEvent.count({ where: { action: "auth.sign_out", actorId: user.id } })).toBe(1);

  // Signing out ended that one session: the user's other browser is still signed in.
  await elsewhere.goto("/");
  await expect(elsewhere.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await elsewhere.context().close();
  await copy.close();
});

test("a session older than its absolute lifetime is refused, even when GET /api/auth/session was called in between", async ({
  page,
  browser,
}) => {
  const user = await arrangeUser(test.info());
  await signInExpectingDashboard(page, user.email, user.password);
  const cookie = await sessionCookie(page);
  const secret = derivedKey("session").toString("base64url");
  const token = await decode({ token: cookie.value, secret });
  expect(token).toMatchObject({ uid: user.id });

  // The same session, signed in a minute more than the lifetime ago (the server's key signs it).
  const old = await encode({
    token: { ...token, sia: Math.floor(Date.now() / 1000) - SESSION_MAX_AGE_SECONDS - 60 },
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const context = await newContext(browser, test.info());
  await context.addCookies([{ ...cookie, value: old }]);
  const aged = await context.newPage();

  const renewed = await aged.request.get("/api/auth/session");
  expect(renewed.status()).toBe(200);
  expect(await renewed.json()).toEqual({});
  // No renewed session cookie is handed back; the old one is cleared.
  const after = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(after?.value ?? "").toBe("");
  await context.addCookies([{ ...cookie, value: old }]);
  await aged.request.get("/api/auth/session");
  await context.addCookies([{ ...cookie, value: old }]);
  await expectSignedOut(aged, "/");

  // A fresh one (the same session, signed in now) is still accepted: the refusal is the lifetime.
  const fresh = await encode({
    token: { ...token, sia: Math.floor(Date.now() / 1000) },
    secret,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  await context.addCookies([{ ...cookie, value: fresh }]);
  await aged.goto("/");
  await expect(aged.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await context.close();
});

async function exchangeToken(page: Page, email: string, password: string): Promise<string> {
  const response = await page.request.post("/api/v2/api_tokens", {
    headers: { "Content-Type": "application/json" },
    data: JSON.stringify({ email, password }),
  });
  expect(response.status()).toBe(200);
  return (await response.json()).token as string;
}

const me = (page: Page, token: string) =>
  page.request.get("/api/v2/me", { headers: { Authorization: `token ${token}` } });

test("a kw_tok_ from the token exchange stops working (401) once its user changes their password", async ({ page }) => {
  const db = await databaseFor(test.info());
  const user = await arrangeUser(test.info());
  const token = await exchangeToken(page, user.email, user.password);
  expect((await me(page, token)).status()).toBe(200);

  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto("/account/password");
  await page.getByLabel("Current password", { exact: true }).fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill("my own new password 1");
  await page.getByLabel("Confirm new password", { exact: true }).fill("my own new password 1");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  expect((await me(page, token)).status()).toBe(401);
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.password_changed", targetId: user.id } });
  expect(JSON.parse(event.details ?? "{}")).toMatchObject({ apiTokensRevoked: 1 });
});

test("a kw_tok_ from the token exchange stops working (401) once a super admin sets the user's password", async ({
  page,
}) => {
  const db = await databaseFor(test.info());
  const user = await arrangeUser(test.info());
  const token = await exchangeToken(page, user.email, user.password);
  expect((await me(page, token)).status()).toBe(200);

  await signInExpectingDashboard(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto(`/users/${user.id}`);
  await page.getByLabel("New password", { exact: true }).fill("reset by the admin 1");
  await page.getByLabel("Confirm new password", { exact: true }).fill("reset by the admin 1");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password set." })).toBeVisible();

  expect((await me(page, token)).status()).toBe(401);
  const event = await db.auditEvent.findFirstOrThrow({
    where: { action: "user.updated", targetId: user.id },
    orderBy: { createdAt: "desc" },
  });
  expect(JSON.parse(event.details ?? "{}")).toMatchObject({ fields: "password", apiTokensRevoked: 1 });
});

// Password expiry in Chromium, on a server of its own started with
// KEYWARD_PASSWORD_MAX_AGE_DAYS=30: a user whose password is older is sent to choose a new
// one, and reaches nothing else until they have.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createDb, type Db } from "@/lib/db/client";
import { registerClient } from "@/lib/oauth/clients";
import { s256Challenge } from "@/lib/oauth/pkce";
import { createUser } from "@/lib/users/create-user";
import { signIn, signInError, signInExpectingDashboard } from "./support/sign-in";
import { extraPort } from "./support/state";
import { E2E_ADMIN, startServer, type RunningServer } from "./support/server";

const DAY_MS = 24 * 60 * 60 * 1000;

test.describe("with KEYWARD_PASSWORD_MAX_AGE_DAYS=30", () => {
  let server: RunningServer;
  let db: Db;

  test.beforeAll(async ({}, testInfo) => {
    server = await startServer({
      kind: testInfo.project.name === "postgresql" ? "postgresql" : "sqlite",
      port: extraPort(1, testInfo),
      env: { KEYWARD_PASSWORD_MAX_AGE_DAYS: "30" },
    });
    db = await createDb(server.database);
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
  });

  async function arrange(label: string, passwordAgeDays: number) {
    const accountId = (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
    const email = `${label}.${Date.now()}@e2e.test`;
    const password = "the old password 123";
    const user = await createUser(
      db,
      accountId,
      { email, name: label, password, role: "network_user", status: "active" },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    await db.user.update({
      where: { id: user.id },
      data: { passwordChangedAt: new Date(Date.now() - passwordAgeDays * DAY_MS) },
    });
    return { id: user.id, email, password };
  }

  async function openPage(browser: import("@playwright/test").Browser): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.baseURL });
    return context.newPage();
  }

  test("a user with an expired password chooses a new one before anything else, then signs in with it", async ({
    browser,
  }) => {
    const user = await arrange("expired", 31);
    const page = await openPage(browser);
    await signIn(page, user.email, user.password);
    await expect(page).toHaveURL(/\/account\/password$/);
    await expect(page.getByText("Your password has expired; choose a new one.")).toBeVisible();
    for (const path of ["/", "/integrations", "/users", "/audit"]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/account\/password$/);
    }

    const current = page.getByLabel("Current password", { exact: true });
    const fresh = page.getByLabel("New password", { exact: true });
    const again = page.getByLabel("Confirm new password", { exact: true });
    const save = page.getByRole("button", { name: "Save new password" });
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });

    await current.fill("not my password");
    await fresh.fill("my brand new password");
    await again.fill("my brand new password");
    await save.click();
    await expect(current).toHaveAccessibleDescription("Your current password is not correct");

    await current.fill(user.password);
    await fresh.fill("my brand new password");
    await again.fill("my brand new passw0rd");
    await save.click();
    await expect(again).toHaveAccessibleDescription("The two new passwords do not match");

    await current.fill(user.password);
    await fresh.fill(user.password);
    await again.fill(user.password);
    await save.click();
    await expect(fresh).toHaveAccessibleDescription(/Choose a password different from your current one/);
    expect(
      await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } }),
      "refusals write nothing",
    ).toEqual(before);

    await current.fill(user.password);
    await fresh.fill("my brand new password");
    await again.fill("my brand new password");
    await save.click();
    await expect(page).toHaveURL(/\/sign-in\?reason=password-changed$/);
    await expect(page.locator("#sign-in-notice")).toHaveText(
      "Your password was changed. Sign in with your new password.",
    );

    // The old session ended; the old password no longer works; the new one leads to the dashboard.
    await page.goto("/integrations");
    await expect(page).toHaveURL(/\/sign-in/);
    await signIn(page, user.email, user.password);
    await expect(signInError(page)).toHaveText("Incorrect email or password.");
    await signInExpectingDashboard(page, user.email, "my brand new password");
    await page.goto("/integrations");
    await expect(page).toHaveURL(/\/integrations$/);

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(Date.now() - after.passwordChangedAt.getTime()).toBeLessThan(5 * 60 * 1000);
    const events = await db.auditEvent.findMany({ where: { targetId: user.id, action: "user.password_changed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: user.id, ip: "127.0.0.1" });
    await page.context().close();
  });

  test("a user whose password is younger than the maximum age goes straight to the dashboard", async ({ browser }) => {
    const user = await arrange("fresh", 29);
    const page = await openPage(browser);
    await signInExpectingDashboard(page, user.email, user.password);
    await page.goto("/integrations");
    await expect(page).toHaveURL(/\/integrations$/);
    await page.context().close();
  });

  test("an expired password met on the way to an OAuth consent page: a new password, a new sign-in, and back to the consent page", async ({
    browser,
  }) => {
    const user = await arrange("consenting", 31);
    const admin = await db.user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email } });
    const app = await registerClient(
      db,
      { id: admin.id, email: admin.email, accountId: admin.accountId, role: "super_admin" },
      {
        name: "Expiry Test App",
        redirectUris: "https://client.keyward-e2e.test/oauth/callback",
        grantTypes: ["authorization_code"],
        scopes: ["users:read"],
      },
      NO_REQUEST,
    );
    if (!("registered" in app)) throw new Error("expected an app");
    const authorize = `/oauth2/authorize?${new URLSearchParams({
      response_type: "code",
      client_id: app.registered.client.clientId,
      redirect_uri: "https://client.keyward-e2e.test/oauth/callback",
      scope: "users:read",
      state: "expiry-state",
      code_challenge: s256Challenge(randomBytes(32).toString("base64url")),
      code_challenge_method: "S256",
    }).toString()}`;
    const page = await openPage(browser);
    await page.goto(authorize);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    // On the sign-in page the link led to (its callbackUrl kept), not a fresh one.
    const signInHere = async (password: string) => {
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
    };
    await signInHere(user.password);
    await expect(page).toHaveURL(/\/account\/password\?callbackUrl=/);
    await page.getByLabel("Current password", { exact: true }).fill(user.password);
    await page.getByLabel("New password", { exact: true }).fill("a consent-time new password");
    await page.getByLabel("Confirm new password", { exact: true }).fill("a consent-time new password");
    await page.getByRole("button", { name: "Save new password" }).click();
    await expect(page.locator("#sign-in-notice")).toHaveText(
      "Your password was changed. Sign in with your new password.",
    );
    await expect(page).toHaveURL(/\/sign-in\?reason=password-changed&callbackUrl=/);
    await signInHere("a consent-time new password");
    await expect(
      page.getByRole("heading", { name: "Expiry Test App wants to access your Keyward account" }),
    ).toBeVisible();
    expect(new URL(page.url()).searchParams.get("state")).toBe("expiry-state");
    await page.context().close();
  });

  test("the token exchange refuses an expired password with 403 and says where to change it; a wrong one is the usual 401", async () => {
    const user = await arrange("exchange-expired", 31);
    const exchange = (password: string) =>
      fetch(`${server.baseURL}/api/v2/api_tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: user.email, password }),
      });
    const refused = await exchange(user.password);
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { error: string; error_description: string };
    expect(body.error).toBe("password_expired");
    expect(body.error_description).toMatch(/password has expired/i);
    expect(body.error_description).toContain("/account/password");
    expect(await db.credential.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "auth.token_exchange_refused", targetId: user.id } })).toBe(1);
    expect((await exchange("not the password")).status).toBe(401);
    const fresh = await arrange("exchange-fresh", 29);
    const issued = await fetch(`${server.baseURL}/api/v2/api_tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: fresh.email, password: fresh.password }),
    });
    expect(issued.status).toBe(200);
  });
});

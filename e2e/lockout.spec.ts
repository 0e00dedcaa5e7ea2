// The sign-in lock-out under concurrent guesses, against production servers of their own
// (they use up lock-out budgets on purpose). Each server trusts one proxy hop
// (KEYWARD_TRUSTED_PROXIES=1), so a request's X-Forwarded-For is its client address: the
// account limit and the address limit can be tested apart.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "@/lib/auth/sign-in-throttle";
import { createDb, type Db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { holdNextAction, replay } from "./support/server-actions";
import { E2E_ADMIN, startServer, type RunningServer } from "./support/server";
import { extraPort } from "./support/state";

const PASSWORD = "lockout suite password";

async function arrangeUser(db: Db, accountId: string, role: "network_user" | "super_admin" = "network_user") {
  const email = `lockout.${randomBytes(5).toString("hex")}@e2e.test`;
  const created = await createUser(
    db,
    accountId,
    { email, name: `Lockout ${role}`, password: PASSWORD, role, status: "active" },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  return { id: created.id, email, accountId };
}

function exchange(baseURL: string, email: string, password: string, address: string): Promise<Response> {
  return fetch(`${baseURL}/api/v2/api_tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": address },
    body: JSON.stringify({ email, password }),
  });
}

/** A distinct client address for the i-th request of a burst. */
const addressOf = (prefix: number, i: number) => `10.${prefix}.${Math.floor(i / 250)}.${(i % 250) + 1}`;

function tally(statuses: number[]) {
  return {
    checked: statuses.filter((s) => s === 401).length,
    throttled: statuses.filter((s) => s === 429).length,
    total: statuses.length,
  };
}

test.describe("one server", () => {
  test.describe.configure({ mode: "serial", timeout: 180_000 });
  let server: RunningServer;
  let db: Db;
  let accountId: string;

  test.beforeAll(async ({}, testInfo) => {
    server = await startServer({
      kind: testInfo.project.name === "postgresql" ? "postgresql" : "sqlite",
      port: extraPort(20, testInfo),
      env: { KEYWARD_TRUSTED_PROXIES: "1" },
    });
    db = await createDb(server.database);
    accountId = (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
  });

  for (const [burst, prefix] of [
    [40, 40],
    [200, 200],
  ] as const) {
    test(`${burst} concurrent wrong passwords at the token exchange: at most ${MAX_FAILURES_PER_ACCOUNT} are checked (401), the rest 429, and the right password then gets no token`, async () => {
      const user = await arrangeUser(db, accountId);
      const responses = await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          exchange(server.baseURL, user.email, `wrong ${i}`, addressOf(prefix, i)),
        ),
      );
      const result = tally(responses.map((response) => response.status));
      expect(result.checked).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
      expect(result.throttled).toBe(burst - result.checked);
      for (const response of responses.filter((r) => r.status === 429)) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await response.json()).toMatchObject({ error: "too_many_attempts" });
      }
      const right = await exchange(server.baseURL, user.email, PASSWORD, "10.250.0.1");
      expect(right.status).toBe(429);
      expect(await db.credential.count({ where: { userId: user.id } })).toBe(0);
      expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed", targetId: user.id } })).toBe(
        result.checked,
      );
    });
  }

  test(`40 concurrent wrong passwords on the web sign-in: at most ${MAX_FAILURES_PER_ACCOUNT} are checked, the rest told to wait`, async ({
    playwright,
  }) => {
    const user = await arrangeUser(db, accountId);
    const request: APIRequestContext = await playwright.request.newContext({ baseURL: server.baseURL });
    try {
      const csrfToken = ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          request.post("/api/auth/callback/credentials", {
            form: { email: user.email, password: `wrong ${i}`, csrfToken, json: "true" },
            headers: { "X-Forwarded-For": addressOf(41, i) },
            maxRedirects: 0,
          }),
        ),
      );
      // next-auth answers where it would send the browser: /sign-in?error=<refusal code>.
      const codes = await Promise.all(
        responses.map(async (response) => {
          const target = response.headers()["location"] ?? ((await response.json()) as { url: string }).url;
          return new URL(target, server.baseURL).searchParams.get("error") ?? "";
        }),
      );
      expect(codes.filter((code) => code === "invalid").length).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
      expect(codes.filter((code) => code.startsWith("throttled:")).length).toBeGreaterThanOrEqual(
        40 - MAX_FAILURES_PER_ACCOUNT,
      );
      expect(
        await db.auditEvent.count({ where: { action: "auth.sign_in_failed", targetId: user.id } }),
      ).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    } finally {
      await request.dispose();
    }
  });

  test(`${MAX_FAILURES_PER_ADDRESS * 2} concurrent guesses from one address, each for another email: at most ${MAX_FAILURES_PER_ADDRESS} are checked`, async () => {
    const address = "192.0.2.44";
    const users = await Promise.all(Array.from({ length: 5 }, () => arrangeUser(db, accountId)));
    const emails = Array.from(
      { length: MAX_FAILURES_PER_ADDRESS * 2 },
      (_, i) => users[i]?.email ?? `spray.${i}.${randomBytes(3).toString("hex")}@e2e.test`,
    );
    const responses = await Promise.all(
      emails.map((email, i) => exchange(server.baseURL, email, `wrong ${i}`, address)),
    );
    const result = tally(responses.map((response) => response.status));
    expect(result.checked).toBeLessThanOrEqual(MAX_FAILURES_PER_ADDRESS);
    expect(result.throttled).toBe(result.total - result.checked);
    const victim = await arrangeUser(db, accountId);
    expect((await exchange(server.baseURL, victim.email, PASSWORD, address)).status).toBe(429);
    expect((await exchange(server.baseURL, victim.email, PASSWORD, "192.0.2.45")).status).toBe(200);
  });

  async function signInPage(browser: Browser, email: string, password: string): Promise<Page> {
    const page = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
    return page;
  }

  test("a super admin sees a user's lock-out on the profile and unlocks it; another account's super admin sees neither the lock nor its throttled attempts, and cannot unlock", async ({
    browser,
  }) => {
    const user = await arrangeUser(db, accountId);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await exchange(server.baseURL, user.email, `wrong ${i}`, `198.51.100.${21 + (i % 2)}`)).status).toBe(401);
    }
    expect((await exchange(server.baseURL, user.email, PASSWORD, "198.51.100.23")).status).toBe(429);

    const otherAccountId = (await db.account.create({ data: { name: "Lockout Other Network" } })).id;
    const outsider = await arrangeUser(db, otherAccountId, "super_admin");
    const outsiderPage = await signInPage(browser, outsider.email, PASSWORD);
    // The throttled attempt is the locked user's account's business only.
    await outsiderPage.goto(`/audit?actor=${encodeURIComponent(user.email)}`);
    await expect(outsiderPage.getByRole("heading", { name: "Audit Log" })).toBeVisible();
    await expect(outsiderPage.getByText("No events match these filters.")).toBeVisible();
    await expect(outsiderPage.getByRole("row", { name: /Sign-in throttled/ })).toHaveCount(0);
    const outsiderProfile = await outsiderPage.goto(`/users/${user.id}`);
    expect(outsiderProfile?.status()).toBe(404);

    const adminPage = await signInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
    await adminPage.goto(`/audit?actor=${encodeURIComponent(user.email)}`);
    await expect(adminPage.getByRole("row", { name: /Sign-in throttled/ })).toHaveCount(1);
    await adminPage.goto(`/users/${user.id}`);
    const lock = adminPage.getByTestId("sign-in-lock");
    await expect(lock).toContainText("Locked until");
    await expect(lock).toContainText("198.51.100.21");
    await expect(lock).toContainText("198.51.100.22");

    // The unlock request as the admin's browser sends it, replayed from the other account.
    const next = await holdNextAction(adminPage, `/users/${user.id}`);
    await adminPage.getByRole("button", { name: "Unlock" }).click();
    const unlock = await next();
    await replay(outsiderPage, unlock);
    expect((await exchange(server.baseURL, user.email, PASSWORD, "198.51.100.24")).status).toBe(429);
    expect(await db.auditEvent.count({ where: { action: "user.unlocked", targetId: user.id } })).toBe(0);

    await adminPage.goto(`/users/${user.id}`);
    await adminPage.getByRole("button", { name: "Unlock" }).click();
    await expect(lock).toContainText("Not locked");
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { action: "user.unlocked", targetId: user.id } }),
    ).toMatchObject({ accountId, actorLabel: E2E_ADMIN.email });
    expect((await exchange(server.baseURL, user.email, PASSWORD, "198.51.100.24")).status).toBe(200);
    await outsiderPage.context().close();
    await adminPage.context().close();
  });
});

test(`40 concurrent wrong passwords split across two instances on one PostgreSQL database: at most ${MAX_FAILURES_PER_ACCOUNT} are checked`, async ({}, testInfo) => {
  test.skip(
    testInfo.project.name !== "postgresql",
    "several instances share a PostgreSQL database; SQLite is one instance's file",
  );
  test.setTimeout(180_000);
  const a = await startServer({
    kind: "postgresql",
    port: extraPort(21, testInfo),
    env: { KEYWARD_TRUSTED_PROXIES: "1" },
  });
  const b = await startServer({
    kind: "postgresql",
    port: extraPort(22, testInfo),
    env: { KEYWARD_TRUSTED_PROXIES: "1" },
    database: a.database,
  });
  const db = await createDb(a.database);
  try {
    const accountId = (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
    const user = await arrangeUser(db, accountId);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        exchange(i % 2 ? b.baseURL : a.baseURL, user.email, `wrong ${i}`, addressOf(42, i)),
      ),
    );
    const result = tally(responses.map((response) => response.status));
    expect(result.checked).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    expect(result.throttled).toBe(40 - result.checked);
    expect((await exchange(a.baseURL, user.email, PASSWORD, "10.251.0.1")).status).toBe(429);
    expect((await exchange(b.baseURL, user.email, PASSWORD, "10.251.0.2")).status).toBe(429);
  } finally {
    await db.$disconnect();
    await b.stop();
    await a.stop();
  }
});

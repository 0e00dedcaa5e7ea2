// Rate limits end to end: a super admin sets one on a credential's page and an API client runs
// into it (429, Retry-After, the IETF RateLimit fields); two instances with Redis share one
// budget; and with Redis stopped, each fail mode does what it says, and /api/health says so.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createDb, type Db } from "@/lib/db/client";
import { setCredentialRateLimit } from "@/lib/credential-controls/rate-limit-settings";
import { createUser } from "@/lib/users/create-user";
import { signInExpectingDashboard } from "./support/sign-in";
import { startServer, type RunningServer } from "./support/server";
import { databaseFor, extraPort } from "./support/state";
import { arrangeAccountWithAdmin, E2E_USER_PASSWORD } from "./support/users";

/** A user of `accountId` with a personal API credential: its secret and id. */
async function arrangeCredential(db: Db, accountId: string, description: string) {
  const user = await createUser(
    db,
    accountId,
    {
      email: `limited.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@e2e.test`,
      name: "Limited",
      password: E2E_USER_PASSWORD,
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  const made = await createPersonalCredential(
    db,
    { id: user.id, email: user.email, accountId },
    { description },
    NO_REQUEST,
  );
  if (!("created" in made)) throw new Error("expected a credential");
  return { secret: made.created.secret, id: made.created.id };
}

const me = (api: APIRequestContext, secret: string) => api.get("/api/v2/me", { headers: { Authorization: secret } });

function expectRateLimitFields(response: APIResponse, limit: number, window: number) {
  const headers = response.headers();
  expect(headers["ratelimit-policy"]).toBe(`"credential";q=${limit};w=${window}`);
  expect(headers.ratelimit).toMatch(/^"credential";r=\d+;t=\d+$/);
}

test("a super admin limits a credential on its page; the client gets 429 with Retry-After past it", async ({
  page,
  request,
}) => {
  const admin = await arrangeAccountWithAdmin(test.info());
  const db = await databaseFor(test.info());
  const credential = await arrangeCredential(db, admin.accountId, "Nightly sync");
  // Unlimited: no rate-limit fields.
  const before = await me(request, credential.secret);
  expect(before.status()).toBe(200);
  expect(before.headers()["ratelimit-policy"]).toBeUndefined();

  await signInExpectingDashboard(page, admin.email, admin.password);
  await page.goto(`/credentials/${credential.id}`);
  const section = page.getByRole("region", { name: "Rate limit" });
  await expect(section.getByLabel(/Use the account default/)).toBeChecked();
  await section.getByLabel("Limit it to").check();
  await section.getByLabel("Requests").fill("0");
  await section.getByRole("button", { name: "Save rate limit" }).click();
  // The error sits under the field it is about, and the field points at it.
  await expect(section.getByLabel("Requests")).toHaveAccessibleDescription("Enter at least 1 request");
  await section.getByLabel("Requests").fill("3");
  await section.getByLabel("Per").selectOption("minute");
  await section.getByRole("button", { name: "Save rate limit" }).click();
  await expect(section.getByRole("status")).toHaveText("Saved: 3 requests per minute.");

  // An error raised after the credential was accepted carries the fields too (and counts).
  const missing = await request.get("/api/2022-08-01/advertisers/no-such-advertiser.json", {
    headers: { Authorization: credential.secret },
  });
  expect([403, 404]).toContain(missing.status());
  expectRateLimitFields(missing, 3, 60);
  expect(missing.headers().ratelimit).toMatch(/^"credential";r=2;t=/);
  for (let remaining = 1; remaining >= 0; remaining--) {
    const response = await me(request, credential.secret);
    expect(response.status()).toBe(200);
    expectRateLimitFields(response, 3, 60);
    expect(response.headers().ratelimit).toMatch(new RegExp(`^"credential";r=${remaining};t=`));
  }
  const refused = await me(request, credential.secret);
  expect(refused.status()).toBe(429);
  expect(await refused.json()).toMatchObject({ error: "rate_limited" });
  const retryAfter = Number(refused.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expectRateLimitFields(refused, 3, 60);
  expect(refused.headers().ratelimit).toBe(`"credential";r=0;t=${retryAfter}`);

  // The change is in the Audit Log, by the admin.
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { action: "credential.rate_limit_changed", targetId: credential.id },
  });
  expect(audit.actorId).toBe(admin.id);

  // Back to the account default (none): the client is let through again at once.
  await page.reload();
  await section.getByLabel(/Use the account default/).check();
  await section.getByRole("button", { name: "Save rate limit" }).click();
  await expect(section.getByRole("status")).toHaveText("Saved: it uses the account default.");
  const after = await me(request, credential.secret);
  expect(after.status()).toBe(200);
  expect(after.headers()["ratelimit-policy"]).toBeUndefined();
});

/** Two servers on one database (the second joins the first's), with the same environment. */
async function twoInstances(
  testInfo: ReturnType<typeof test.info>,
  env: { a: Record<string, string>; b: Record<string, string> },
) {
  const a = await startServer({ kind: "postgresql", port: extraPort(20, testInfo), env: env.a });
  let b: RunningServer;
  try {
    b = await startServer({ kind: "postgresql", port: extraPort(21, testInfo), database: a.database, env: env.b });
  } catch (error) {
    await a.stop();
    throw error;
  }
  return { a, b };
}

test.describe("several instances", () => {
  // Each test starts two production servers of its own: give them time on a busy machine.
  test.describe.configure({ timeout: 180_000 });

  test("two instances with Redis share one budget: requests split over both at once, exactly the limit accepted", async ({
    playwright,
  }, testInfo) => {
    test.skip(testInfo.project.name !== "postgresql", "several instances share a PostgreSQL database");
    const redis = { REDIS_URL: "redis://127.0.0.1:6379" };
    const { a, b } = await twoInstances(testInfo, { a: redis, b: redis });
    const db = await createDb(a.database);
    const apiA = await playwright.request.newContext({ baseURL: a.baseURL });
    const apiB = await playwright.request.newContext({ baseURL: b.baseURL });
    try {
      const accountId = (await db.account.findFirstOrThrow()).id;
      const credential = await arrangeCredential(db, accountId, "Shared budget");
      const admin = await db.user.findFirstOrThrow({ where: { accountId, role: "super_admin" } });
      await setCredentialRateLimit(
        db,
        { actor: { id: admin.id, label: admin.email, accountId }, accountId },
        credential.id,
        { limit: 12, window: "hour" },
        NO_REQUEST,
      );
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => me(i % 2 === 0 ? apiA : apiB, credential.secret)),
      );
      const statuses = responses.map((response) => response.status());
      expect(statuses.filter((status) => status === 200)).toHaveLength(12);
      expect(statuses.filter((status) => status === 429)).toHaveLength(28);
      // Both instances refused some: the budget is one, not one each.
      expect(responses.filter((response, i) => i % 2 === 0 && response.status() === 429).length).toBeGreaterThan(0);
      expect(responses.filter((response, i) => i % 2 === 1 && response.status() === 429).length).toBeGreaterThan(0);
      for (const response of responses) expectRateLimitFields(response, 12, 3600);
      const health = await (await apiA.get("/api/health")).json();
      expect(health.rateLimits).toEqual({ store: "redis", redis: "ok", failMode: "open" });
    } finally {
      await apiA.dispose();
      await apiB.dispose();
      await db.$disconnect();
      await b.stop();
      await a.stop();
    }
  });

  test("Redis stopped: fail open lets requests through, fail closed refuses them with 503; health tells", async ({
    playwright,
  }, testInfo) => {
    // The two fail modes run side by side, one instance each, on one database.
    test.skip(testInfo.project.name !== "postgresql", "several instances share a PostgreSQL database");
    const port = await freePort();
    const redis = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    let servers: { a: RunningServer; b: RunningServer } | undefined;
    let db: Db | undefined;
    const contexts: APIRequestContext[] = [];
    try {
      servers = await twoInstances(testInfo, {
        a: { REDIS_URL: url, KEYWARD_RATE_LIMIT_FAILURE: "open" },
        b: { REDIS_URL: url, KEYWARD_RATE_LIMIT_FAILURE: "closed" },
      });
      const { a, b } = servers;
      db = await createDb(a.database);
      const open = await playwright.request.newContext({ baseURL: a.baseURL });
      const closed = await playwright.request.newContext({ baseURL: b.baseURL });
      contexts.push(open, closed);
      const accountId = (await db.account.findFirstOrThrow()).id;
      const credential = await arrangeCredential(db, accountId, "Through an outage");
      const admin = await db.user.findFirstOrThrow({ where: { accountId, role: "super_admin" } });
      await setCredentialRateLimit(
        db,
        { actor: { id: admin.id, label: admin.email, accountId }, accountId },
        credential.id,
        { limit: 100, window: "minute" },
        NO_REQUEST,
      );
      // Redis up: both count, in the one Redis.
      const first = await me(open, credential.secret);
      expect(first.status()).toBe(200);
      expect(first.headers().ratelimit).toBe('"credential";r=99;t=60');
      const second = await me(closed, credential.secret);
      expect(second.status()).toBe(200);
      expect(second.headers().ratelimit).toMatch(/^"credential";r=98;t=(59|60)$/);
      expect((await (await closed.get("/api/health")).json()).rateLimits).toEqual({
        store: "redis",
        redis: "ok",
        failMode: "closed",
      });

      redis.kill("SIGKILL");
      await once(redis, "exit");

      // Fail open: every request answered 200 at once, with the policy (nothing is counted).
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        const response = await me(open, credential.secret);
        expect(response.status()).toBe(200);
        expect(response.headers()["ratelimit-policy"]).toBe('"credential";q=100;w=60');
        expect(Date.now() - started).toBeLessThan(1_500);
      }
      // Fail closed: refused, with Retry-After; not a 500, not a hang.
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const response = await me(closed, credential.secret);
        expect(response.status()).toBe(503);
        expect(response.headers()["retry-after"]).toBe("5");
        expect(await response.json()).toMatchObject({ error: "temporarily_unavailable" });
        expect(Date.now() - started).toBeLessThan(1_500);
      }
      const openHealth = await open.get("/api/health");
      expect(openHealth.status()).toBe(200);
      expect(await openHealth.json()).toMatchObject({
        status: "ok",
        rateLimits: { store: "redis", redis: "unavailable", failMode: "open" },
      });
      expect((await (await closed.get("/api/health")).json()).rateLimits).toEqual({
        store: "redis",
        redis: "unavailable",
        failMode: "closed",
      });
      // One warning for the outage, not one per request.
      expect(a.output().match(/counter store \(Redis\) does not answer/g)).toHaveLength(1);
    } finally {
      for (const context of contexts) await context.dispose();
      await db?.$disconnect();
      await servers?.b.stop();
      await servers?.a.stop();
      if (redis.exitCode === null && redis.signalCode === null) redis.kill("SIGKILL");
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis of the test's own, nothing on disk, answering once it says it is ready. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${log}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (/Ready to accept connections/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${log}`));
    });
  });
  return child;
}

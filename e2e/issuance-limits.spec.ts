// Issuance limits under concurrent requests (sent at once, as an attacker or a runaway client
// would) and the retention job running inside the server process.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { MAX_FAILURES_PER_ACCOUNT } from "@/lib/auth/sign-in-throttle";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { registerClient, withSecret } from "@/lib/oauth/clients";
import { createUser } from "@/lib/users/create-user";
import { apiNetwork, arrangeApiUser } from "./support/api";
import { createFreshDatabase, startServer } from "./support/server";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor, extraPort, serverFor } from "./support/state";
import { arrangeUser } from "./support/users";

// The defaults (docs/operations.md, Issuance limits); the project servers run with them.
const EXCHANGES_PER_HOUR = 10;
const ACTIVE_API_CREDENTIALS = 50;
const OAUTH_TOKENS_PER_MINUTE = 120;

test("40 token exchanges sent in bursts for one user: exactly 10 get a token, the rest 429 with Retry-After", async ({}, testInfo) => {
  // Each answer costs a bcrypt check at the production cost: on a server of its own, so the
  // burst does not hold up the other specs' sign-ins on the project's server.
  test.setTimeout(180_000);
  const kind = testInfo.project.name === "postgresql" ? "postgresql" : "sqlite";
  const server = await startServer({ kind, port: extraPort(13, testInfo) });
  const db = await createDb(server.database);
  try {
    const accountId = (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
    const password = "exchange limit password";
    const user = await createUser(
      db,
      accountId,
      {
        email: `limit.${randomBytes(4).toString("hex")}@e2e.test`,
        name: "Limit",
        password,
        role: "network_user",
        status: "active",
      },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    // Bursts of as many as the lock-out lets be checked at once (a place is reserved per
    // password check in flight, e2e/lockout.spec.ts), so every refusal here is the limit's.
    const answers = [];
    for (let burst = 0; burst < 40 / MAX_FAILURES_PER_ACCOUNT; burst++) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: MAX_FAILURES_PER_ACCOUNT }, () =>
            fetch(`${server.baseURL}/api/v2/api_tokens`, {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ email: user.email, password }),
            }).then(async (response) => ({
              status: response.status,
              retryAfter: response.headers.get("retry-after"),
              body: (await response.json()) as Record<string, string>,
            })),
          ),
        )),
      );
    }
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(EXCHANGES_PER_HOUR);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(40 - EXCHANGES_PER_HOUR);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(answer.body.error).toBe("too_many_requests");
      expect(answer.body.error_description).toContain(`${EXCHANGES_PER_HOUR} tokens this hour`);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(60);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(3600);
    }
    expect(await db.credential.count({ where: { userId: user.id, kind: "tok" } })).toBe(EXCHANGES_PER_HOUR);
  } finally {
    await db.$disconnect();
    await server.stop();
  }
});

test(`${OAUTH_TOKENS_PER_MINUTE + 20} token requests sent at once by one OAuth app: exactly ${OAUTH_TOKENS_PER_MINUTE} get a token, the rest 429 with Retry-After`, async () => {
  const { baseURL } = serverFor(test.info());
  const network = await apiNetwork(test.info());
  const service = await arrangeApiUser(test.info(), "network_user", { isApiUser: true });
  const db = await databaseFor(test.info());
  const registered = await registerClient(
    db,
    network.admin,
    {
      name: `Busy app ${randomBytes(3).toString("hex")}`,
      grantTypes: ["client_credentials"],
      scopes: ["users:read"],
      serviceUserId: service.id,
    },
    NO_REQUEST,
  );
  if (!("registered" in registered)) throw new Error("expected an app");
  const app = withSecret(registered.registered);
  const basic = Buffer.from(`${app.client.clientId}:${app.secret}`).toString("base64");
  const answers = await Promise.all(
    Array.from({ length: OAUTH_TOKENS_PER_MINUTE + 20 }, () =>
      fetch(`${baseURL}/oauth2/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${basic}` },
        body: "grant_type=client_credentials",
      }).then(async (response) => ({
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: (await response.json()) as Record<string, string>,
      })),
    ),
  );
  expect(answers.filter((answer) => answer.status === 200)).toHaveLength(OAUTH_TOKENS_PER_MINUTE);
  const refused = answers.filter((answer) => answer.status !== 200);
  expect(refused).toHaveLength(20);
  for (const answer of refused) {
    expect(answer).toMatchObject({ status: 429, body: { error: "temporarily_unavailable" } });
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
  }
  expect(await db.credential.count({ where: { oauthClientId: app.client.id, kind: "oat" } })).toBe(
    OAUTH_TOKENS_PER_MINUTE,
  );
});

test(`a user holding ${ACTIVE_API_CREDENTIALS} active API credentials is told to revoke one on the New API Credential form, and nothing is saved`, async ({
  page,
}) => {
  const user = await arrangeUser(test.info());
  const db = await databaseFor(test.info());
  for (let i = 0; i < ACTIVE_API_CREDENTIALS; i++)
    await createPersonalCredential(db, user, { description: `Existing ${i}` }, NO_REQUEST);
  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto("/integrations/invoca-apis/new");
  await page.getByLabel("Description").fill("One too many");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(
    page.getByText(
      `You already have ${ACTIVE_API_CREDENTIALS} active API credentials, the most one user can hold. Revoke one you no longer use first.`,
    ),
  ).toBeVisible();
  await expect(page.getByLabel("Description")).toHaveValue("One too many");
  expect(await db.credential.count({ where: { userId: user.id, kind: "pat" } })).toBe(ACTIVE_API_CREDENTIALS);
});

test("the server deletes credentials revoked past the retention period and spent windows on its own, keeps recent ones and the audit rows, and audits the run", async ({}, testInfo) => {
  const kind = testInfo.project.name === "postgresql" ? "postgresql" : "sqlite";
  const database = await createFreshDatabase(kind);
  const db = await createDb(database);
  try {
    await migrate(database);
    const accountId = (await db.account.create({ data: { name: "Retention network" } })).id;
    const owner = await createUser(
      db,
      accountId,
      {
        email: `retention.${randomBytes(4).toString("hex")}@e2e.test`,
        name: "Retention",
        password: "retention password 1",
        role: "network_user",
        status: "active",
      },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    const make = async (description: string, revokedDaysAgo: number) => {
      const made = await createPersonalCredential(
        db,
        { id: owner.id, email: owner.email, accountId },
        { description },
        NO_REQUEST,
      );
      if (!("created" in made)) throw new Error("expected a credential");
      await db.credential.update({
        where: { id: made.created.id },
        data: { status: "revoked", revokedAt: new Date(Date.now() - revokedDaysAgo * 86_400_000) },
      });
      return made.created;
    };
    const old = await make("revoked 120 days ago", 120);
    const recent = await make("revoked 5 days ago", 5);
    await db.issuanceWindow.create({
      data: { key: "tok:someone", count: 10, windowEnd: new Date(Date.now() - 60_000) },
    });

    const server = await startServer({ kind, port: extraPort(14, testInfo), database });
    try {
      // The run's audit event is its last write.
      await expect
        .poll(() => db.auditEvent.count({ where: { action: "retention.purged" } }), { timeout: 30_000 })
        .toBe(1);
      expect(await db.credential.count({ where: { id: old.id } })).toBe(0);
      expect(await db.credential.count({ where: { id: recent.id } })).toBe(1);
      expect(await db.issuanceWindow.count({ where: { key: "tok:someone" } })).toBe(0);
      const created = await db.auditEvent.findFirstOrThrow({
        where: { action: "credential.created", targetId: old.id },
      });
      expect(created.targetLabel).toBe(old.hint);
      const run = await db.auditEvent.findFirstOrThrow({ where: { action: "retention.purged" } });
      expect(run).toMatchObject({ accountId: null, actorLabel: "system" });
      expect(JSON.parse(run.details!)).toMatchObject({ credentials: 1, issuanceWindows: 1, retentionDays: 90 });
    } finally {
      await server.stop();
    }
  } finally {
    await db.$disconnect();
    await database.drop();
  }
});

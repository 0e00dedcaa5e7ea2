// The server over plain HTTP: health, the client address it trusts, and writes under
// contention.
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { createDb } from "@/lib/db/client";
import { extraPort } from "./support/state";
import { startServer, type RunningServer } from "./support/server";

/** next-auth's CSRF token, bound to a cookie the context keeps: one per context. */
async function csrfToken(request: APIRequestContext): Promise<string> {
  return ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
}

async function postSignIn(
  request: APIRequestContext,
  email: string,
  password: string,
  headers: Record<string, string> = {},
  token?: string,
) {
  const csrf = token ?? (await csrfToken(request));
  return request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf, json: "true" },
    headers,
    maxRedirects: 0,
  });
}

test("GET /api/health answers 200 JSON, not cacheable, when the database answers", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  // One server per database and no REDIS_URL: on SQLite the file itself is watched for other
  // processes' commits; on PostgreSQL the LISTEN/NOTIFY channel is up once its first heartbeat came back.
  expect(await response.json()).toMatchObject({
    status: "ok",
    database: "ok",
    rateLimits: { failMode: "open" },
    instantRevocation: "up",
  });
});

// These two make failed sign-ins from 127.0.0.1 on purpose; on a server of their own, so the
// address limit they use up is not the one the browser suites sign in through.
test.describe("sign-in writes", () => {
  let server: RunningServer;
  test.beforeAll(async ({}, testInfo) => {
    server = await startServer({
      kind: testInfo.project.name === "postgresql" ? "postgresql" : "sqlite",
      port: extraPort(0, testInfo),
    });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("a client cannot choose the address that rate limits and the audit log see", async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: server.baseURL });
    const email = `spoof.${Date.now()}@e2e.test`;
    const response = await postSignIn(request, email, "whatever", {
      "X-Forwarded-For": "6.6.6.6",
      "X-Real-IP": "6.6.6.7",
    });
    expect(response.status()).toBeLessThan(500);
    const db = await createDb(server.database);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: "auth.sign_in_failed", targetLabel: email },
    });
    expect(event.ip).toBe("127.0.0.1");
    await request.dispose();
  });

  test("concurrent sign-in writes wait for a busy database instead of failing", async ({ playwright }) => {
    const { baseURL, database } = server;
    const clients = await Promise.all(Array.from({ length: 8 }, () => playwright.request.newContext({ baseURL })));
    const tokens = await Promise.all(clients.map(csrfToken));
    const email = `busy.${Date.now()}@e2e.test`;
    // Another process holds the write lock for a while, as a second instance or a seed would.
    let release: () => Promise<void>;
    if (database.kind === "sqlite") {
      const other = new Database(database.sqlitePath!);
      other.exec(
        'BEGIN IMMEDIATE; INSERT INTO "Account" (id, name, createdAt) VALUES (\'lock-holder-' +
          Date.now() +
          "', 'x', 0)",
      );
      release = async () => {
        other.exec("ROLLBACK");
        other.close();
      };
    } else {
      const other = new pg.Client({ connectionString: database.url });
      await other.connect();
      await other.query("BEGIN");
      await other.query('LOCK TABLE "AuditEvent" IN EXCLUSIVE MODE');
      release = async () => {
        await other.query("ROLLBACK");
        await other.end();
      };
    }
    const attempts = Array.from({ length: 24 }, (_, i) =>
      postSignIn(clients[i % clients.length]!, email, `wrong ${i}`, {}, tokens[i % clients.length]),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await release();
    const responses = await Promise.all(attempts);
    expect(responses.map((r) => r.status()).filter((status) => status >= 500)).toEqual([]);
    const db = await createDb(server.database);
    const recorded = await db.auditEvent.count({
      where: { targetLabel: email, action: { in: ["auth.sign_in_failed", "auth.sign_in_throttled"] } },
    });
    expect(recorded).toBe(24);
    await Promise.all(clients.map((client) => client.dispose()));
  });
});

test("GET /api/health answers 503 when the database is gone", async ({ request }, testInfo) => {
  test.skip(
    testInfo.project.name !== "postgresql",
    "a SQLite file cannot be taken away from a running server; PostgreSQL can",
  );
  const server = await startServer({ kind: "postgresql", port: extraPort(1, testInfo) });
  try {
    const name = new URL(server.database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: server.database.url.replace(`/${name}`, "/postgres") });
    await admin.connect();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
    const response = await request.get(`${server.baseURL}/api/health`);
    expect(response.status()).toBe(503);
    // The LISTEN connection went with the database: "down" once its heartbeat is missed, which
    // may be a moment after this request.
    expect(await response.json()).toMatchObject({
      status: "unavailable",
      database: "unavailable",
      instantRevocation: expect.stringMatching(/^(up|down)$/),
    });
  } finally {
    await server.stop();
  }
});

// Usage you can see (issue 13, point 3): a client makes accepted and refused requests with a
// personal credential (narrowed, so one route refuses it for scope; then revoked), and the
// credential's page shows them: the day's numbers in the chart's table, the refusals by
// reason, and the client's address and user agent. The address is the one the server saw,
// never the X-Forwarded-For the client made up. The Credentials list orders it by refusals.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createDb } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { apiNetwork, arrangePersonalToken } from "./support/api";
import { createFreshDatabase, startServer } from "./support/server";
import { signInExpectingDashboard } from "./support/sign-in";
import { afterChangeOutsideServer, databaseFor, extraPort } from "./support/state";

const V = "2022-08-01";
const USER_AGENT = "usage-e2e-client/1.0 (+https://example.test)";
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

test("the credential's page shows its accepted and refused requests, by reason, and its client", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const db = await databaseFor(testInfo);
  const network = await apiNetwork(testInfo);
  const { token, id } = await arrangePersonalToken(testInfo, "network_user");
  // Narrowed to publishers: the advertisers list is refused for scope.
  await db.credential.update({ where: { id }, data: { scopes: "publishers:read" } });
  const hint = (await db.credential.findUniqueOrThrow({ where: { id } })).hint;
  // A new credential is not in any instance's cache yet, so the narrowing is what it reads.
  const headers = { Authorization: `Bearer ${token}`, "User-Agent": USER_AGENT, "X-Forwarded-For": "6.6.6.6" };

  for (let i = 0; i < 3; i++)
    expect((await request.get(`/api/${V}/publishers.json`, { headers })).status(), "accepted").toBe(200);
  for (let i = 0; i < 2; i++)
    expect((await request.get(`/api/${V}/advertisers.json`, { headers })).status(), "refused for scope").toBe(403);

  await db.credential.update({ where: { id }, data: { status: "revoked", revokedAt: new Date() } });
  // Revoked behind the server's back: it reads the revoke once told (e2e/support/state.ts).
  await afterChangeOutsideServer(testInfo);
  const refused = await request.get(`/api/${V}/publishers.json`, { headers });
  expect(refused.status(), "refused: revoked").toBe(401);

  await signInExpectingDashboard(page, network.admin.email, "api suite password");
  // Written by the server's flush (every 500 ms in e2e): the page shows it once it is written.
  await expect(async () => {
    await page.goto(`/credentials/${id}`);
    await expect(page.getByTestId("usage-totals")).toHaveText("Last 30 days: 3 accepted, 3 refused", {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });

  const usage = page.getByRole("region", { name: "Usage" });
  await expect(usage.getByRole("img", { name: /Requests per day over the last 30 days/ })).toBeVisible();
  await usage.getByText("Requests per day (table)").click();
  const today = new Date().toISOString().slice(0, 10);
  const table = usage.getByRole("table", { name: /Requests per day/ });
  await expect(table.getByRole("row")).toHaveCount(31);
  await expect(table.getByRole("row", { name: today }).getByRole("cell")).toHaveText(["3", "3"]);

  const reasons = usage.getByTestId("usage-reasons");
  await expect(reasons.getByRole("row", { name: "Missing scope" }).getByRole("cell")).toHaveText("2");
  await expect(reasons.getByRole("row", { name: "Revoked" }).getByRole("cell")).toHaveText("1");

  const clients = usage.getByTestId("usage-clients").getByRole("listitem");
  await expect(clients).toHaveCount(1);
  await expect(clients.first()).toContainText("127.0.0.1");
  await expect(clients.first()).toContainText(USER_AGENT);
  await expect(clients.first()).not.toContainText("6.6.6.6");

  // The section passes axe in light and in dark, with its table open.
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).withTags(WCAG_21_AA).include("main").analyze();
    expect(
      result.violations.map((violation) => `${colorScheme}: ${violation.id} ${violation.nodes.map((n) => n.target)}`),
    ).toEqual([]);
  }

  // "Refused most" lists it, with its count, and not a credential never refused.
  await page.goto("/credentials?refused=7");
  const row = page.getByRole("row", { name: new RegExp(hint.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
  await expect(row.getByTestId("credential-refused-count")).toHaveText("3");
  await expect(page.getByRole("combobox", { name: "Refused most" })).toHaveValue("7");
});

test("a server that is stopped writes the usage it still held in memory", async ({ playwright }, testInfo) => {
  test.setTimeout(120_000);
  const kind = testInfo.project.name === "postgresql" ? "postgresql" : "sqlite";
  const database = await createFreshDatabase(kind);
  // Flushing every 5 minutes: only the flush on shutdown can have written the uses.
  const server = await startServer({
    kind,
    port: extraPort(23, testInfo),
    database,
    env: { KEYWARD_USAGE_FLUSH_MS: "300000" },
  });
  const db = await createDb(database);
  const api = await playwright.request.newContext({ baseURL: server.baseURL });
  try {
    const accountId = (await db.account.create({ data: { name: "Usage shutdown" } })).id;
    const user = await createUser(
      db,
      accountId,
      {
        email: "usage.shutdown@e2e.test",
        name: "Usage",
        password: "usage shutdown password",
        role: "network_user",
        status: "active",
      },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    const result = await createPersonalCredential(db, { ...user, accountId }, { description: "Shutdown" }, NO_REQUEST);
    if (!("created" in result)) throw new Error("expected a credential");
    const headers = { Authorization: `Bearer ${result.created.secret}`, "User-Agent": USER_AGENT };
    for (let i = 0; i < 4; i++) expect((await api.get(`/api/${V}/publishers.json`, { headers })).status()).toBe(200);
    expect(await db.credentialUsage.count({ where: { credentialId: result.created.id } })).toBe(0);
    await server.stop();
    const rows = await db.credentialUsage.findMany({ where: { credentialId: result.created.id } });
    expect(rows.map(({ outcome, count }) => ({ outcome, count }))).toEqual([{ outcome: "accepted", count: 4 }]);
    expect((await db.credential.findUniqueOrThrow({ where: { id: result.created.id } })).lastUsedAt).not.toBeNull();
  } finally {
    await api.dispose();
    await server.stop();
    await db.$disconnect();
    await database.drop();
  }
});

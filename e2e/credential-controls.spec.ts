// Issue 13's promise end to end, in one place: a super admin sets a rate limit and an IP
// allowlist on a credential's page, a client runs into both (429 past the limit, 403 from
// outside the list), and the same page's usage chart and history show both refusals by reason.
// The client address is the one server.mjs derives behind a trusted proxy (this spec's own
// server runs with KEYWARD_TRUSTED_PROXIES=1), so X-Forwarded-For names the client here.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { serverOfItsOwn } from "./support/own-server";
import { E2E_ADMIN } from "./support/server";
import { signInExpectingDashboard } from "./support/sign-in";

const INSIDE = "203.0.113.9";
const OUTSIDE = "198.51.100.20";
const own = serverOfItsOwn(28, { KEYWARD_TRUSTED_PROXIES: "1" });

const call = (api: APIRequestContext, secret: string, address: string) =>
  api.get("/api/v2/me", { headers: { Authorization: `Bearer ${secret}`, "X-Forwarded-For": address } });

test("a super admin limits a credential and its addresses; the client meets 429 and 403; the chart shows both", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const db = own.db();
  const accountId = (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
  const user = await createUser(
    db,
    accountId,
    {
      email: `controls.${randomBytes(4).toString("hex")}@e2e.test`,
      name: "Controlled",
      password: "controls suite password",
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  const made = await createPersonalCredential(
    db,
    { id: user.id, email: user.email, accountId },
    { description: "Controlled integration" },
    NO_REQUEST,
  );
  if (!("created" in made)) throw new Error("expected a credential");
  const { id, secret } = made.created;

  // The browser talks to this spec's own server: its pages and its session.
  const context = await browser.newContext({ baseURL: own.server().baseURL });
  const page = await context.newPage();
  await signInExpectingDashboard(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto(`/credentials/${id}`);

  const limit = page.getByRole("region", { name: "Rate limit" });
  await limit.getByLabel("Limit it to").check();
  await limit.getByLabel("Requests").fill("2");
  await limit.getByLabel("Per").selectOption("hour");
  await limit.getByRole("button", { name: "Save rate limit" }).click();
  await expect(limit.getByRole("status")).toHaveText("Saved: 2 requests per hour.");

  const allowlist = page.getByRole("region", { name: "IP allowlist" });
  await allowlist.getByLabel("Allowed IP ranges").fill("203.0.113.0/24");
  await allowlist.getByRole("button", { name: "Save allowlist" }).click();
  await expect(allowlist.getByRole("status")).toHaveText("Saved: 1 range.");

  const api = own.api();
  // From outside the list: refused before the limit counts it, so the budget stays whole.
  const outside = await call(api, secret, OUTSIDE);
  expect(outside.status()).toBe(403);
  expect((await outside.json()).error).toBe("ip_not_allowed");
  expect((await call(api, secret, INSIDE)).status()).toBe(200);
  expect((await call(api, secret, INSIDE)).status()).toBe(200);
  const over = await call(api, secret, INSIDE);
  expect(over.status()).toBe(429);
  expect(Number(over.headers()["retry-after"])).toBeGreaterThan(0);
  expect(over.headers()["ratelimit-policy"]).toBe('"credential";q=2;w=3600');

  // The server writes its usage every half second: the page shows it once written.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("usage-totals")).toHaveText("Last 30 days: 2 accepted, 2 refused", {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });
  const usage = page.getByRole("region", { name: "Usage" });
  await expect(usage.getByRole("img", { name: /Requests per day over the last 30 days/ })).toBeVisible();
  const reasons = usage.getByTestId("usage-reasons");
  await expect(reasons.getByRole("row", { name: "Rate limited" }).getByRole("cell")).toHaveText("1");
  await expect(reasons.getByRole("row", { name: "Address not allowed" }).getByRole("cell")).toHaveText("1");
  await usage.getByText("Requests per day (table)").click();
  const today = new Date().toISOString().slice(0, 10);
  await expect(
    usage
      .getByRole("table", { name: /Requests per day/ })
      .getByRole("row", { name: today })
      .getByRole("cell"),
  ).toHaveText(["2", "2"]);
  // The client's address, as the trusted proxy named it.
  await expect(usage.getByTestId("usage-clients")).toContainText(INSIDE);

  // The history has the changes and the refused uses, by reason.
  const history = page.getByRole("region", { name: "History" });
  await expect(history).toContainText("Credential rate limit changed");
  await expect(history).toContainText(/Rate limited/);
  await expect(history).toContainText(/Address not allowed/);
  await context.close();
});

// Every list table on a phone (issue 12, part 7): at 390x844 each row shows its Status and its
// buttons without sideways scrolling, the page never scrolls sideways, and the table is still a
// table to assistive tech (rows, column heads and cells in the browser's accessibility tree).
import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import type { Role } from "@/lib/access/roles";
import { createApiKey } from "@/lib/credentials/api-keys";
import { createAuthToken } from "@/lib/credentials/auth-tokens";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { registerClient } from "@/lib/oauth/clients";
import { organizationData } from "@/lib/organizations/rows";
import { createUser } from "@/lib/users/create-user";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhook-outbox/events";
import { sendTestEvent } from "@/lib/webhooks/deliveries";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";

const PHONE = { width: 390, height: 844 };
const PASSWORD = "phone tables password";

/** A network of its own with at least one row in every list table; returns the pages to check. */
async function arrangeNetwork(): Promise<{ adminEmail: string; pages: string[] }> {
  const db = await databaseFor(test.info());
  const tag = randomBytes(4).toString("hex");
  const accountId = (await db.account.create({ data: { name: `Phone Network ${tag}` } })).id;
  const system = { ...SYSTEM_ACTOR, accountId };
  await db.advertiser.create({ data: organizationData(accountId, "1111", "Acme Outdoor Equipment and Apparel") });
  await db.publisher.create({ data: organizationData(accountId, "3333", "Northwind Media Partners") });
  const user = (role: Role, name: string) =>
    createUser(
      db,
      accountId,
      {
        email: `${name.split(" ")[0]!.toLowerCase()}.${tag}@phone.e2e.test`,
        name,
        password: PASSWORD,
        role,
        status: "active",
      },
      system,
      NO_REQUEST,
    );
  const adminUser = await user("super_admin", "Ada Admin");
  const apiUser = await user("network_user", "Iris Integration");
  await db.user.update({ where: { id: apiUser.id }, data: { isApiUser: true } });
  const admin = { id: adminUser.id, email: adminUser.email, accountId, role: "super_admin" as const };
  const expirationDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await createAuthToken(
    db,
    admin,
    { name: "Nightly export of every call", apiUserId: apiUser.id, expirationDate, requestId: randomUUID() },
    NO_REQUEST,
  );
  await createApiKey(
    db,
    admin,
    { name: "Reporting job", userId: apiUser.id, scopes: ["advertisers:read", "users:read"], requestId: randomUUID() },
    NO_REQUEST,
  );
  await registerClient(
    db,
    admin,
    {
      name: "Partner dashboard with a long descriptive name",
      redirectUris: "https://partner.phone.e2e.test/oauth/callback",
      grantTypes: ["authorization_code"],
      scopes: ["advertisers:read", "advertisers:write", "publishers:read", "users:read"],
      clientType: "confidential",
      requestId: randomUUID(),
    },
    NO_REQUEST,
  );
  await createPersonalCredential(
    db,
    { id: adminUser.id, email: adminUser.email, accountId },
    { description: `Reporting API – ${adminUser.email}` },
    NO_REQUEST,
  );
  const { endpoint } = await createEndpoint(
    db,
    admin,
    {
      url: `https://hooks.phone.e2e.test/keyward/${tag}/receiver`,
      description: "Phone",
      events: WEBHOOK_EVENT_TYPES,
    },
    { allowLoopback: false, allowPrivate: false },
    NO_REQUEST,
  );
  await sendTestEvent(db, admin, endpoint.id, NO_REQUEST);
  return {
    adminEmail: adminUser.email,
    pages: [
      "/integrations/invoca-apis",
      "/account/api-access",
      "/api-keys",
      "/credentials",
      "/oauth-apps",
      "/users",
      `/users/${apiUser.id}`,
      "/audit",
      "/advertisers",
      "/publishers",
      "/webhooks",
      `/webhooks?endpoint=${endpoint.id}`,
    ],
  };
}

async function expectInsideScreenWidth(locator: Locator, what: string): Promise<void> {
  await expect(locator, what).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, `${what} has a box`).not.toBeNull();
  expect.soft(box!.x, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
  expect.soft(box!.x + box!.width, `${what} ends on screen`).toBeLessThanOrEqual(PHONE.width);
}

/** The roles Chromium itself gives the table (its accessibility tree, not Playwright's own guess). */
async function browserRoles(page: Page): Promise<Map<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { role?: { value?: string } }[] };
  await cdp.detach();
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const role = (node.role?.value ?? "").toLowerCase();
    counts.set(role, (counts.get(role) ?? 0) + 1);
  }
  return counts;
}

test("at 390x844 every list table shows each row's Status and actions without sideways scrolling", async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const { adminEmail, pages } = await arrangeNetwork();
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signInExpectingDashboard(page, adminEmail, PASSWORD);
  for (const path of pages) {
    await page.goto(path);
    const table = page.getByRole("main").getByRole("table").first();
    await expect(table, `${path} has a table`).toBeVisible();
    const heads = (await table.locator("thead th").allTextContents()).map((text) => text.trim());
    const rows = table.locator("tbody > tr");
    expect(await rows.count(), `${path} has a row`).toBeGreaterThan(0);
    const row = rows.first();
    const cells = row.locator(":scope > td");

    const status = heads.findIndex((head) => /status$/i.test(head));
    if (status >= 0) await expectInsideScreenWidth(cells.nth(status), `${path}: the first row's ${heads[status]}`);
    if (heads.at(-1) === "Actions") {
      const actions = cells.last().locator("button, a");
      const count = await actions.count();
      expect(count, `${path}: the first row has actions`).toBeGreaterThan(0);
      for (let i = 0; i < count; i++)
        await expectInsideScreenWidth(actions.nth(i), `${path}: action "${await actions.nth(i).textContent()}"`);
    }

    const sideways = await page.evaluate(() => document.documentElement.scrollWidth);
    expect.soft(sideways, `${path} does not scroll sideways`).toBeLessThanOrEqual(PHONE.width);

    // Still a table to a screen reader: Chromium's tree has its rows, column heads and cells.
    const roles = await browserRoles(page);
    expect(roles.get("table") ?? 0, `${path}: a table in the accessibility tree`).toBeGreaterThan(0);
    expect(roles.get("columnheader") ?? 0, `${path}: column heads in the accessibility tree`).toBeGreaterThanOrEqual(
      heads.length,
    );
    expect(roles.get("cell") ?? 0, `${path}: cells in the accessibility tree`).toBeGreaterThanOrEqual(
      await cells.count(),
    );
    await page.screenshot({ path: testInfo.outputPath(`${path.replace(/\W+/g, "-")}.png`), fullPage: true });
  }

  // On a desktop a list is the table it always was: column heads on show, a row's cells side by side.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/api-keys");
  const table = page.getByRole("main").getByRole("table");
  await expect(table.getByRole("columnheader", { name: "Status" })).toBeVisible();
  const cells = table.locator("tbody > tr").first().locator(":scope > td");
  const [name, status] = [await cells.first().boundingBox(), await cells.nth(5).boundingBox()];
  expect(status!.y).toBe(name!.y);
  expect(status!.x).toBeGreaterThan(name!.x + name!.width);
  await context.close();
});

// `npm run docs:screenshots`: drives the production build in Chromium through the flows the
// user guide (docs/user-guide.md) shows and saves a PNG of each step under docs/screenshots/.
import { chromium, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "../lib/audit";
import { createDb } from "../lib/db/client";
import { createUser } from "../lib/users/create-user";
import { registerClient } from "../lib/oauth/clients";
import { s256Challenge } from "../lib/oauth/pkce";
import { execFileSync } from "node:child_process";
import { E2E_ADMIN, E2E_SECRET, startServer } from "../e2e/support/server";
import { organizationData } from "../lib/organizations/rows";

process.env.KEYWARD_SECRET = E2E_SECRET;
const OUT = "docs/screenshots";

async function main() {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  const server = await startServer({ kind: "sqlite", port: Number(process.env.PORT ?? 3390) });
  const db = await createDb(server.database);
  const browser = await chromium.launch({
    executablePath: process.env.KEYWARD_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const accountId = (await db.account.findFirstOrThrow()).id;
    await db.advertiser.create({ data: organizationData(accountId, "1111", "Acme Outdoor") });
    const apiUser = await createUser(
      db,
      accountId,
      {
        email: "warehouse-sync@example.com",
        name: "Warehouse Sync",
        password: "screenshot password",
        role: "network_user",
        status: "active",
      },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    await db.user.update({ where: { id: apiUser.id }, data: { isApiUser: true } });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, baseURL: server.baseURL });
    const shot = (name: string, target: Page = page) => target.screenshot({ path: `${OUT}/${name}.png` });
    // Each shot waits for its page's own heading first: a click on a link returns before the
    // next page is shown, and a shot taken then shows the page before (10-audit-log once showed
    // API Access).
    const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name }).waitFor();

    await page.goto("/sign-in");
    await heading("Sign in to Keyward");
    await page.getByLabel("Email").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await shot("01-sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /^Welcome,/ }).waitFor();

    const nav = page.getByRole("navigation", { name: "Main Navigation" });
    await nav.getByRole("link", { name: "Manage Integrations" }).click();
    await page.getByRole("heading", { level: 1, name: "Integrations" }).waitFor();
    await shot("02-integrations");
    await page.getByRole("link", { name: /Invoca APIs/ }).click();
    await page.getByRole("link", { name: "+ New API Credential" }).click();
    await heading("New API Credential");
    await page.getByLabel("Description").fill("Reporting API – nightly call export");
    await shot("03-new-api-credential");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("new-secret").waitFor();
    await shot("04-token-shown-once");
    await page.getByRole("link", { name: "Back to Invoca APIs" }).click();
    await heading("Invoca APIs");
    await page.getByRole("table", { name: "API credentials" }).waitFor();
    await shot("05-invoca-apis");

    await page.goto(`/users/${apiUser.id}`);
    await heading("Warehouse Sync");
    await page.getByLabel("Set As API User").waitFor();
    await shot("06-user-profile");

    await nav.getByRole("link", { name: "API Access" }).click();
    await heading("API Access");
    await page.getByRole("button", { name: "Generate API Key" }).click();
    await page.getByTestId("new-secret").waitFor();
    await shot("07-api-key");
    await page.getByRole("button", { name: "Create Auth Token" }).click();
    const dialog = page.getByRole("dialog", { name: "Create Auth Token" });
    await dialog.getByLabel("Name").fill("Warehouse sync");
    await dialog.getByLabel("API User").selectOption(apiUser.id);
    await dialog.getByLabel("Expiration Date").fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    await shot("08-create-auth-token");
    await dialog.getByRole("button", { name: "Create" }).click();
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByRole("button", { name: "Actions for Warehouse sync" }).click();
    await shot("09-auth-tokens-gear-menu");

    await nav.getByRole("link", { name: "Audit Log" }).click();
    await heading("Audit Log");
    await page.getByRole("table").waitFor();
    await shot("10-audit-log");

    const admin = await db.user.findFirstOrThrow({ where: { email: E2E_ADMIN.email } });
    const registered = await registerClient(
      db,
      { id: admin.id, email: admin.email, accountId, role: "super_admin" },
      {
        name: "Reporting Dashboard",
        redirectUris: "https://reports.example.com/oauth/callback",
        grantTypes: ["authorization_code", "client_credentials"],
        scopes: ["advertisers:read", "users:read"],
        serviceUserId: apiUser.id,
        canIntrospect: true,
      },
      NO_REQUEST,
    );
    if (!("registered" in registered)) throw new Error("screenshots: could not register an OAuth app");
    await nav.getByRole("link", { name: "OAuth Apps" }).click();
    await page.getByRole("heading", { level: 1, name: "OAuth Apps" }).waitFor();
    await shot("11-oauth-apps");
    const authorize = new URLSearchParams({
      response_type: "code",
      client_id: registered.registered.client.clientId,
      redirect_uri: "https://reports.example.com/oauth/callback",
      scope: "advertisers:read users:read",
      state: "af0ifjsldkj",
      code_challenge: s256Challenge("a-verifier-that-is-at-least-forty-three-characters-long"),
      code_challenge_method: "S256",
    });
    await page.goto(`/oauth2/authorize?${authorize.toString()}`);
    await heading(/wants to access your Keyward account$/);
    await page.getByRole("button", { name: "Allow" }).waitFor();
    await shot("12-oauth-consent");
    await page.goto("/credentials");
    await heading("Credentials");
    await page.getByRole("table", { name: "Credentials" }).waitFor();
    await shot("13-credentials");
    console.log(`Screenshots written to ${OUT}/`);
  } finally {
    await browser.close();
    await db.$disconnect();
    await server.stop();
  }
}

void main();

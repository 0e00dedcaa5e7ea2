// IP allowlists as a super admin sets them and as API clients meet them. The client address is
// the one server.mjs derives: behind a trusted proxy (KEYWARD_TRUSTED_PROXIES=1, on a server of
// this spec's own) the proxy's X-Forwarded-For entry; with no trusted proxy (the shared servers)
// the socket's peer, so a forged X-Forwarded-For changes nothing.
import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { setCredentialAllowlist } from "@/lib/credential-controls/allowlist-settings";
import { allowlistFormSchema } from "@/lib/allowlists/allowlist-form";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import type { Db } from "@/lib/db";
import { registerClient, withSecret } from "@/lib/oauth/clients";
import { createUser } from "@/lib/users/create-user";
import { apiNetwork, arrangePersonalToken } from "./support/api";
import { serverOfItsOwn } from "./support/own-server";
import { E2E_ADMIN } from "./support/server";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";

const V = "2022-08-01";
const INSIDE = "203.0.113.9";
const OUTSIDE = "198.51.100.20";

async function arrangeUser(db: Db) {
  const accountId = (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
  const user = await createUser(
    db,
    accountId,
    {
      email: `allowlist.${randomBytes(4).toString("hex")}@e2e.test`,
      name: "Allowlist User",
      password: "allowlist suite password",
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  return { id: user.id, email: user.email, accountId };
}

async function personalToken(db: Db) {
  const user = await arrangeUser(db);
  const result = await createPersonalCredential(
    db,
    { id: user.id, email: user.email, accountId: user.accountId },
    { description: "Allowlisted integration" },
    NO_REQUEST,
  );
  if (!("created" in result)) throw new Error("expected a credential");
  return { id: result.created.id, secret: result.created.secret };
}

const callFrom = (api: APIRequestContext, secret: string, address: string) =>
  api.get(`/api/${V}/advertisers.json`, {
    headers: { Authorization: `Bearer ${secret}`, "X-Forwarded-For": address },
  });

async function expectIpRefusal(response: Awaited<ReturnType<typeof callFrom>>) {
  expect(response.status()).toBe(403);
  const body = await response.json();
  expect(body.error).toBe("ip_not_allowed");
  expect(body.error_description).toMatch(/IP allowlist/);
  // The reason, never the list, nor the address.
  const text = JSON.stringify(body);
  for (const leak of ["203.0.113", "2001:db8", "198.51.100", "127.0.0.1"]) expect(text).not.toContain(leak);
}

test.describe("behind a trusted proxy", () => {
  test.describe.configure({ mode: "serial" });
  const own = serverOfItsOwn(22, { KEYWARD_TRUSTED_PROXIES: "1" });

  // Signed in once, the session reused (a sign-in is slow on a busy machine, and is not under test here).
  let session: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;
  async function adminPage(browser: Browser): Promise<Page> {
    const context = await browser.newContext({ baseURL: own.server().baseURL, storageState: session });
    const page = await context.newPage();
    if (!session) {
      await signInExpectingDashboard(page, E2E_ADMIN.email, E2E_ADMIN.password);
      session = await context.storageState();
    }
    return page;
  }

  test("a super admin sets a credential's allowlist: outside 403, inside 200, report only lets the outside through", async ({
    browser,
  }) => {
    const pat = await personalToken(own.db());
    const api = own.api();
    expect((await callFrom(api, pat.secret, OUTSIDE)).status()).toBe(200);

    const page = await adminPage(browser);
    await page.goto(`/credentials/${pat.id}`);
    const section = page.getByRole("region", { name: "IP allowlist" });
    const ranges = section.getByLabel("Allowed IP ranges");
    // Nonsense is refused, naming the bad entry, and what was typed stays.
    await ranges.fill("203.0.113.0/24\n10.0.0.1/8\nnot-an-address");
    await section.getByRole("button", { name: "Save allowlist" }).click();
    await expect(
      section.getByText(/"10\.0\.0\.1\/8" has bits set beyond its \/8 prefix; did you mean 10\.0\.0\.0\/8\?/),
    ).toBeVisible();
    await expect(section.getByText(/"not-an-address" is not an IP address or range/)).toBeVisible();
    await expect(ranges).toHaveAttribute("aria-invalid", "true");
    await expect(ranges).toHaveValue("203.0.113.0/24\n10.0.0.1/8\nnot-an-address");
    expect((await callFrom(api, pat.secret, OUTSIDE)).status()).toBe(200);

    await ranges.fill("203.0.113.0/24\n2001:db8::/32\n203.0.113.0/24");
    await section.getByRole("button", { name: "Save allowlist" }).click();
    await expect(section.getByRole("status")).toHaveText("Saved: 2 ranges.");
    // Shown as stored: canonical, the duplicate gone.
    await expect(ranges).toHaveValue("203.0.113.0/24\n2001:db8::/32");

    await expectIpRefusal(await callFrom(api, pat.secret, OUTSIDE));
    expect((await callFrom(api, pat.secret, INSIDE)).status()).toBe(200);
    expect((await callFrom(api, pat.secret, "2001:db8::42")).status()).toBe(200);

    await section.getByLabel("Report only").check();
    await section.getByRole("button", { name: "Save allowlist" }).click();
    await expect(section.getByRole("status")).toHaveText("Saved: 2 ranges, report only.");
    expect((await callFrom(api, pat.secret, OUTSIDE)).status()).toBe(200);

    // Reloaded, the page shows what is stored.
    await page.reload();
    await expect(ranges).toHaveValue("203.0.113.0/24\n2001:db8::/32");
    await expect(section.getByLabel("Report only")).toBeChecked();
    await section.getByLabel("Report only").uncheck();
    await section.getByRole("button", { name: "Save allowlist" }).click();
    await expect(section.getByRole("status")).toHaveText("Saved: 2 ranges.");
    await expectIpRefusal(await callFrom(api, pat.secret, OUTSIDE));

    await section.getByRole("button", { name: "Clear allowlist" }).click();
    await expect(section.getByRole("status")).toHaveText("Saved: no list here.");
    await expect(ranges).toHaveValue("");
    expect((await callFrom(api, pat.secret, OUTSIDE)).status()).toBe(200);

    const audited = await own.db().auditEvent.findMany({
      where: { action: "credential.allowlist_changed", targetId: pat.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audited.map((row) => JSON.parse(row.details ?? "{}").after)).toEqual([
      "203.0.113.0/24, 2001:db8::/32",
      "203.0.113.0/24, 2001:db8::/32 (report only)",
      "203.0.113.0/24, 2001:db8::/32",
      "none",
    ]);
    await page.context().close();
  });

  test("the account default on API Settings holds every credential without a list of its own", async ({ browser }) => {
    const pat = await personalToken(own.db());
    const api = own.api();
    const page = await adminPage(browser);
    await page.goto("/settings");
    const section = page.getByRole("region", { name: "IP allowlist" });
    await section.getByLabel("Allowed IP ranges").fill(`${INSIDE}\n::1`);
    await section.getByRole("button", { name: "Save allowlist" }).click();
    await expect(section.getByRole("status")).toHaveText("Saved: 2 ranges.");
    try {
      await expectIpRefusal(await callFrom(api, pat.secret, OUTSIDE));
      expect((await callFrom(api, pat.secret, INSIDE)).status()).toBe(200);
      // The IPv4-mapped form of the same address is the same address.
      expect((await callFrom(api, pat.secret, `::ffff:${INSIDE}`)).status()).toBe(200);
    } finally {
      await section.getByRole("button", { name: "Clear allowlist" }).click();
      await expect(section.getByRole("status")).toHaveText("Saved: no list here.");
    }
    expect((await callFrom(api, pat.secret, OUTSIDE)).status()).toBe(200);
    expect(await own.db().auditEvent.count({ where: { action: "account.allowlist_changed" } })).toBe(2);
    await page.context().close();
  });

  test("a super admin sets an OAuth app's list: its access tokens are held to it", async ({ browser }) => {
    const db = own.db();
    const service = await arrangeUser(db);
    const admin = await db.user.findFirstOrThrow({
      where: { email: E2E_ADMIN.email },
      select: { id: true, email: true, accountId: true },
    });
    const name = `Allowlisted reports ${randomBytes(3).toString("hex")}`;
    const registered = await registerClient(
      db,
      { ...admin, role: "super_admin" },
      {
        name,
        redirectUris: "https://reports.example.test/callback",
        grantTypes: ["client_credentials"],
        scopes: ["advertisers:read"],
        serviceUserId: service.id,
        canIntrospect: false,
        clientType: "confidential",
        requestId: randomUUID(),
      },
      NO_REQUEST,
    );
    if (!("registered" in registered)) throw new Error("expected an app");
    const app = withSecret(registered.registered);
    const tokenResponse = await own.api().post("/oauth2/token", {
      form: { grant_type: "client_credentials", client_id: app.client.clientId, client_secret: app.secret },
    });
    expect(tokenResponse.status()).toBe(200);
    const token = ((await tokenResponse.json()) as { access_token: string }).access_token;

    const page = await adminPage(browser);
    await page.goto("/oauth-apps");
    await page.getByRole("button", { name: `Edit IP allowlist for ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: `IP allowlist of ${name}` });
    await dialog.getByLabel("Allowed IP ranges").fill("203.0.113.0/24");
    await dialog.getByRole("button", { name: "Save allowlist" }).click();
    await expect(dialog.getByRole("status")).toHaveText("Saved: 1 range.");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("button", { name: `Edit IP allowlist for ${name}` })).toHaveText(
      "Edit IP allowlist (1)",
    );

    await expectIpRefusal(await callFrom(own.api(), token, OUTSIDE));
    expect((await callFrom(own.api(), token, INSIDE)).status()).toBe(200);
    expect(
      await db.auditEvent.count({ where: { action: "oauth.client_allowlist_changed", targetId: app.client.id } }),
    ).toBe(1);
    await page.context().close();
  });
});

test.describe("an attacker forging X-Forwarded-For on a server with no trusted proxy", () => {
  test("gets no request past the list, whatever address the header names", async ({ request }, testInfo) => {
    const db = await databaseFor(testInfo);
    const { token, id } = await arrangePersonalToken(testInfo);
    const { admin } = await apiNetwork(testInfo);
    // The list names only an outside range; set before the token's first use, so no cached look-up predates it.
    await setCredentialAllowlist(
      db,
      admin,
      id,
      allowlistFormSchema.parse({ intent: "save", ranges: `${INSIDE.replace(/\d+$/, "0")}/24` }),
      NO_REQUEST,
    );
    for (const forged of [INSIDE, `${INSIDE}, ${INSIDE}`, `::ffff:${INSIDE}`, `${OUTSIDE}, ${INSIDE}`]) {
      await expectIpRefusal(await callFrom(request, token, forged));
    }
    const withRealIp = await request.get(`/api/${V}/advertisers.json`, {
      headers: { Authorization: `Bearer ${token}`, "X-Real-IP": INSIDE, Forwarded: `for=${INSIDE}` },
    });
    await expectIpRefusal(withRealIp);

    // The address the server does see (this machine) is what the list is judged by.
    const seen = await arrangePersonalToken(testInfo);
    await setCredentialAllowlist(
      db,
      admin,
      seen.id,
      allowlistFormSchema.parse({ intent: "save", ranges: "127.0.0.1\n::1" }),
      NO_REQUEST,
    );
    expect((await callFrom(request, seen.token, OUTSIDE)).status()).toBe(200);
  });
});

// The device authorization grant (RFC 8628) as a command-line tool runs it, with openid-client
// as the tool: it starts the flow and polls in the background while the user, in Chromium,
// opens verification_uri, signs in, types the user code, sees the app and its scopes, and
// allows (the poll ends with a token that works on /v1) or denies (access_denied).
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import * as client from "openid-client";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { registerClient } from "@/lib/oauth/clients";
import { createUser } from "@/lib/users/create-user";
import { DEVICE_CODE_GRANT } from "@/lib/validations/oauth-client-values";
import { databaseFor } from "./support/state";
import { E2E_USER_PASSWORD } from "./support/users";

// Polling waits 5 seconds between requests (the interval the server sets).
test.describe.configure({ timeout: 120_000 });

function keyward(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("no baseURL");
  return url;
}

/** A fresh account, a public CLI app registered for the device grant, and a user to answer. */
async function arrangeCliApp(): Promise<{ clientId: string; appName: string; email: string }> {
  const db = await databaseFor(test.info());
  const tag = randomBytes(4).toString("hex");
  const accountId = (await db.account.create({ data: { name: `Device Network ${tag}` } })).id;
  const system = { ...SYSTEM_ACTOR, accountId };
  const admin = await createUser(
    db,
    accountId,
    {
      email: `device-admin.${tag}@e2e.test`,
      name: "Device Admin",
      password: E2E_USER_PASSWORD,
      role: "super_admin",
      status: "active",
    },
    system,
    NO_REQUEST,
  );
  const user = await createUser(
    db,
    accountId,
    {
      email: `device-user.${tag}@e2e.test`,
      name: "Device User",
      password: E2E_USER_PASSWORD,
      role: "network_user",
      status: "active",
    },
    system,
    NO_REQUEST,
  );
  const appName = `Keyward CLI ${tag}`;
  const registered = await registerClient(
    db,
    { id: admin.id, email: admin.email, accountId, role: "super_admin" },
    {
      name: appName,
      grantTypes: [DEVICE_CODE_GRANT],
      scopes: ["users:read", "advertisers:read"],
      clientType: "public",
    },
    NO_REQUEST,
  );
  if (!("registered" in registered)) throw new Error("expected a new OAuth app");
  return { clientId: registered.registered.client.clientId, appName, email: user.email };
}

/** openid-client configured from Keyward's RFC 8414 metadata, as a public client (client_id only). */
function discover(clientId: string): Promise<client.Configuration> {
  return client.discovery(new URL(keyward()), clientId, undefined, client.None(), {
    algorithm: "oauth2",
    execute: [client.allowInsecureRequests],
  });
}

/** The sign-in page the device page sent a signed-out user to; back on /device afterwards. */
async function signInThroughDevicePage(page: Page, email: string): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(E2E_USER_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Connect a device" })).toBeVisible();
}

test("a CLI gets a token once the user types its code on /device and allows it; the token works on /v1", async ({
  page,
  request,
}) => {
  const { clientId, appName, email } = await arrangeCliApp();
  const config = await discover(clientId);
  expect(config.serverMetadata().device_authorization_endpoint).toBe(`${keyward()}/oauth2/device_authorization`);
  const started = await client.initiateDeviceAuthorization(config, { scope: "users:read" });
  expect(started.verification_uri).toBe(`${keyward()}/device`);
  expect(started.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
  expect(started.interval).toBe(5);
  // The tool polls in the background while its user answers elsewhere.
  const polling = client.pollDeviceAuthorizationGrant(config, started);
  polling.catch(() => undefined);

  await page.goto(started.verification_uri);
  await signInThroughDevicePage(page, email);
  // Typed as people type: lower case, no dash.
  await page.getByLabel("Code").fill(started.user_code.replace("-", "").toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: `${appName} wants to access your Keyward account` })).toBeVisible();
  await expect(page.getByTestId("device-code-confirmed")).toHaveText(started.user_code);
  const permissions = page.getByRole("list", { name: "Requested permissions" });
  await expect(permissions.getByRole("listitem")).toHaveCount(1);
  await expect(permissions).toContainText("users:read");
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("status")).toContainText(`You allowed ${appName}`);

  const tokens = await polling;
  expect(tokens.access_token).toMatch(/^kw_oat_/);
  expect(tokens.scope).toBe("users:read");
  const users = await request.get("/v1/users", { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(users.status()).toBe(200);

  // The device code bought one token: polled again, it is refused.
  const again = await request.post("/oauth2/token", {
    form: { grant_type: DEVICE_CODE_GRANT, client_id: clientId, device_code: started.device_code },
  });
  expect(again.status()).toBe(400);
  expect(await again.json()).toMatchObject({ error: "invalid_grant" });
});

test("Deny through verification_uri_complete: the CLI's poll ends with access_denied; a wrong code is an error next to the field", async ({
  page,
}) => {
  const { clientId, appName, email } = await arrangeCliApp();
  const config = await discover(clientId);
  const started = await client.initiateDeviceAuthorization(config, {});
  const polling = client.pollDeviceAuthorizationGrant(config, started);
  polling.catch(() => undefined);

  await page.goto(started.verification_uri_complete!);
  await signInThroughDevicePage(page, email);
  const field = page.getByLabel("Code");
  // The code came in the URL and survived sign-in; the user only confirms it.
  await expect(field).toHaveValue(started.user_code);

  await field.fill("BCDF-GHJK");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#device-user-code-error")).toContainText("No pending request has this code");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveValue("BCDF-GHJK");

  await field.fill(started.user_code);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: `${appName} wants to access your Keyward account` })).toBeVisible();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByRole("status")).toContainText(`You denied ${appName}`);

  await expect(polling).rejects.toMatchObject({ error: "access_denied" });
});

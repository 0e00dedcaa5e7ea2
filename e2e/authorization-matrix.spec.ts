// The authorization matrix of the web app: every page, for every role and signed out, answered
// by the server (200, 403, or a redirect to sign in). A page added under app/ without a line
// here fails the first test, so no page can ship without its row being decided.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "@playwright/test";
import type { Role } from "@/lib/access/roles";
import { NO_REQUEST } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeUser } from "./support/users";

const EVERYONE: readonly Role[] = ["super_admin", "network_user", "advertiser_user", "publisher_user"];
const SUPER_ADMIN: readonly Role[] = ["super_admin"];

/** Who may open each page (a signed-in user of any other role gets 403). */
const MATRIX: Record<string, readonly Role[]> = {
  "/": EVERYONE,
  "/integrations": EVERYONE,
  "/integrations/invoca-apis": EVERYONE,
  "/integrations/invoca-apis/new": EVERYONE,
  "/docs": EVERYONE,
  "/account/password": EVERYONE,
  "/account/notifications": EVERYONE,
  "/account/connected-apps": EVERYONE,
  // The device flow's page (RFC 8628): any signed-in user allows or denies a command-line tool.
  "/device": EVERYONE,
  // Advertiser and publisher users see their own one (read-only), not the other kind.
  "/advertisers": ["super_admin", "network_user", "advertiser_user"],
  "/publishers": ["super_admin", "network_user", "publisher_user"],
  "/account/api-access": SUPER_ADMIN,
  "/users": SUPER_ADMIN,
  "/users/new": SUPER_ADMIN,
  "/users/[id]": SUPER_ADMIN,
  "/audit": SUPER_ADMIN,
  "/credentials": SUPER_ADMIN,
  // A credential's own page: its owner (whatever their role) and super admins; anyone else's is
  // a 404, as e2e/credential-history.spec.ts shows. Here each role opens its own credential.
  "/credentials/[id]": EVERYONE,
  "/api-keys": SUPER_ADMIN,
  "/oauth-apps": SUPER_ADMIN,
  "/settings": SUPER_ADMIN,
  "/settings/signing-keys": SUPER_ADMIN,
  "/webhooks": SUPER_ADMIN,
};
/** Open to anyone: the sign-in page, and the consent page (it checks the session itself and sends strangers to sign in). */
const PUBLIC = ["/sign-in", "/oauth2/authorize"];

function pageRoutes(dir = "app"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pageRoutes(path);
    if (name !== "page.tsx") return [];
    const route =
      "/" +
      relative("app", dir)
        .replace(/\([^)]+\)\/?/g, "")
        .replace(/\/$/, "");
    return [route === "/" ? "/" : route.replace(/\/$/, "")];
  });
}

test("every page under app/ has a row in the matrix, and every row is a page", () => {
  const found = pageRoutes().sort();
  expect(found).toEqual([...Object.keys(MATRIX), ...PUBLIC].sort());
});

test("signed out, every page sends the browser to sign in", async ({ request }) => {
  for (const path of Object.keys(MATRIX)) {
    const response = await request.get(path.replace("[id]", "anything"), { maxRedirects: 0 });
    expect([303, 307], `${path} answered ${response.status()}`).toContain(response.status());
    expect(response.headers()["location"], path).toMatch(/\/sign-in/);
  }
});

for (const role of EVERYONE) {
  test(`as ${role}: 200 where the matrix allows it, 403 everywhere else`, async ({ page }) => {
    const user = await arrangeUser(test.info(), { role });
    const made = await createPersonalCredential(
      await databaseFor(test.info()),
      { id: user.id, email: user.email, accountId: user.accountId },
      { description: `Matrix ${role}` },
      NO_REQUEST,
    );
    if (!("created" in made)) throw new Error("expected a credential");
    await signInExpectingDashboard(page, user.email, user.password);
    for (const [path, allowed] of Object.entries(MATRIX)) {
      // A profile of a user of the same account (the signed-in one's own); their own credential.
      const id = path.startsWith("/credentials/") ? made.created.id : user.id;
      const response = await page.request.get(path.replace("[id]", id), { maxRedirects: 0 });
      expect(response.status(), `${role} on ${path}`).toBe(allowed.includes(role) ? 200 : 403);
    }
  });
}

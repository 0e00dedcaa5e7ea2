// The `<db>-setup` projects: sign in each shared role once per database and save the session
// (storageState) for the specs to continue (e2e/support/sessions.ts).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { test as setup } from "@playwright/test";
import { E2E_ADMIN } from "./support/server";
import { SHARED_ROLES, sessionFile, type SharedRole } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";
import { arrangeUser } from "./support/users";

async function credentialsOf(role: SharedRole): Promise<{ email: string; password: string }> {
  if (role === "super_admin") return E2E_ADMIN;
  // A user of the seeded account that only the shared session signs in as.
  return arrangeUser(setup.info(), { role });
}

for (const role of SHARED_ROLES) {
  setup(`sign in as ${role} and save the session`, async ({ page }) => {
    const user = await credentialsOf(role);
    await signInExpectingDashboard(page, user.email, user.password);
    const path = sessionFile(setup.info().project.name, role);
    mkdirSync(dirname(path), { recursive: true });
    await page.context().storageState({ path });
  });
}

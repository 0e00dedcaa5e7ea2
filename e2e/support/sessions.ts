// Signed-in browser sessions made once per project by e2e/auth.setup.ts (the `<db>-setup`
// projects) and reused by the specs, so a test pays for bcrypt and the sign-in round trips
// only where signing in is what it tests.
//
// A session is a server-side row (WebSession, 12 hours from sign-in) that every test using
// it shares. A test that signs out, changes or resets the user's password, locks the user out,
// or changes their role or status would end it for all the others: such a test, and every
// test of sign-in itself, signs in a user of its own instead.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";

/** The roles with a shared session: the seeded super admin, and a network user made by the setup. */
export type SharedRole = "super_admin" | "network_user";

export const SHARED_ROLES: readonly SharedRole[] = ["super_admin", "network_user"];

/** The database project a project belongs to: `sqlite-setup` makes the sessions of `sqlite`. */
export function databaseProject(projectName: string): string {
  return projectName.replace(/-setup$/, "");
}

/** e2e/.auth/ (gitignored): storageState files, one per database project and role. */
export function sessionFile(projectName: string, role: SharedRole): string {
  return join(process.cwd(), "e2e", ".auth", `${databaseProject(projectName)}-${role}.json`);
}

interface StorageState {
  cookies: Parameters<ReturnType<Page["context"]>["addCookies"]>[0];
}

/**
 * Continues the shared session of `role` in this test's browser context and opens the
 * dashboard, as signing in would have: it replaces signInExpectingDashboard where the
 * sign-in itself is not under test.
 */
export async function resumeSession(page: Page, role: SharedRole): Promise<void> {
  const state = JSON.parse(readFileSync(sessionFile(test.info().project.name, role), "utf8")) as StorageState;
  await page.context().addCookies(state.cookies);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
}

import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInExpectingDashboard(page: Page, email: string, password: string): Promise<void> {
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
}

/** The form's own error message (Next.js adds a second, empty role="alert" announcer). */
export function signInError(page: Page) {
  return page.locator("#sign-in-error");
}

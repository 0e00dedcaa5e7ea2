// Every screen usable and accessible at any width, in light and dark (issue 12, part 7).
//
// The sweep: axe-core (WCAG 2.1 A and AA) on every dashboard page, every dialog its New /
// Create / Register / row-action buttons open, the token actions menu and the phone's
// navigation menu, for a super admin, a network user and an advertiser user, at desktop
// (1280x800) and phone (390x844) widths in light and dark, in one browser context each; and no
// page scrolls sideways. Then what a user on a phone notices: the navigation folds behind a
// Menu button, a dialog's labels and buttons are on screen, and OAuth Apps' Delete is on screen
// at 1366 and at 390 px.
import { randomBytes, randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import type { Role } from "@/lib/access/roles";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { createApiKey } from "@/lib/credentials/api-keys";
import { createAuthToken } from "@/lib/credentials/auth-tokens";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { registerClient } from "@/lib/oauth/clients";
import { organizationData } from "@/lib/organizations/rows";
import { createUser } from "@/lib/users/create-user";
import { expectHydrated } from "./support/hydration";
import { resumeSession } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeUser } from "./support/users";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** A phone as Chromium emulates one: the layout viewport follows the page's meta viewport. */
const PHONE_CONTEXT = { viewport: PHONE, isMobile: true, hasTouch: true } as const;
const PASSWORD = "accessibility sweep password";

/** Buttons that open a dialog (the form kit's triggers) rather than submit a form. */
const DIALOG_TRIGGER =
  /^(\+ )?(New|Add|Create|Register|Generate|Reveal|Rotate|Roll|Revoke|Delete|Deactivate|Reactivate|Edit|Replace|Rate limit|Disconnect)\b/;

/** The pages each role reaches from the navigation, and the pages it is refused (403). */
const MEMBER_PAGES = [
  "/",
  "/integrations",
  "/integrations/invoca-apis",
  "/integrations/invoca-apis/new",
  "/docs",
  "/advertisers",
  "/publishers",
  "/account/notifications",
  "/account/connected-apps",
];
const ADMIN_PAGES = [
  ...MEMBER_PAGES,
  "/users",
  "/users/new",
  "/credentials",
  "/audit",
  "/api-keys",
  "/oauth-apps",
  "/settings",
  "/settings/signing-keys",
  "/webhooks",
  "/account/api-access",
  "/account/password",
];

interface Arranged {
  admin: { email: string; profile: string; credential: string };
  network: { email: string; credential: string };
  advertiser: { email: string };
}

/** A network of its own, with a row in every list, so each table and each row dialog is there to check. */
async function arrangeNetwork(): Promise<Arranged> {
  const testInfo = test.info();
  const db = await databaseFor(testInfo);
  const tag = randomBytes(4).toString("hex");
  const accountId = (await db.account.create({ data: { name: `Accessibility Network ${tag}` } })).id;
  const system = { ...SYSTEM_ACTOR, accountId };
  const advertiserId = (await db.advertiser.create({ data: organizationData(accountId, "1111", "Acme Outdoor") })).id;
  await db.publisher.create({ data: organizationData(accountId, "3333", "Northwind Media") });
  const user = async (role: Role, name: string) =>
    createUser(
      db,
      accountId,
      {
        email: `${name.split(" ")[0]!.toLowerCase()}.${tag}@a11y.e2e.test`,
        name,
        password: PASSWORD,
        role,
        status: "active",
        advertiserId: role === "advertiser_user" ? advertiserId : undefined,
      },
      system,
      NO_REQUEST,
    );
  const adminUser = await user("super_admin", "Ada Admin");
  const networkUser = await user("network_user", "Nora Network");
  const advertiserUser = await user("advertiser_user", "Avery Advertiser");
  // An API user cannot sign in to the web app: the tokens and keys belong to one of their own.
  const apiUser = await user("network_user", "Iris Integration");
  await db.user.update({ where: { id: apiUser.id }, data: { isApiUser: true } });
  const admin = { id: adminUser.id, email: adminUser.email, accountId, role: "super_admin" as const };
  await generateAccountApiKey(db, admin, NO_REQUEST);
  const expirationDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await createAuthToken(
    db,
    admin,
    { name: "Nightly export", apiUserId: apiUser.id, expirationDate, requestId: randomUUID() },
    NO_REQUEST,
  );
  await createApiKey(
    db,
    admin,
    { name: "Reporting job", userId: apiUser.id, scopes: ["advertisers:read"], requestId: randomUUID() },
    NO_REQUEST,
  );
  await registerClient(
    db,
    admin,
    {
      name: "Partner dashboard",
      redirectUris: "https://partner.a11y.e2e.test/callback",
      grantTypes: ["authorization_code"],
      scopes: ["advertisers:read", "users:read"],
      clientType: "confidential",
      requestId: randomUUID(),
    },
    NO_REQUEST,
  );
  const personal: string[] = [];
  for (const owner of [networkUser, advertiserUser, adminUser]) {
    const made = await createPersonalCredential(
      db,
      { id: owner.id, email: owner.email, accountId },
      { description: `Reporting API – ${owner.email}` },
      NO_REQUEST,
    );
    if ("created" in made) personal.push(made.created.id);
  }
  // A credential's page with a history and a usage section: the network user's own (which the
  // super admin may open too).
  const credential = `/credentials/${personal[0]}`;
  return {
    admin: { email: adminUser.email, profile: `/users/${apiUser.id}`, credential },
    network: { email: networkUser.email, credential },
    advertiser: { email: advertiserUser.email },
  };
}

interface Violation {
  where: string;
  rule: string;
  help: string;
  targets: string[];
}

/**
 * axe on the page, or only on `within` (an open dialog or menu: the page under it was checked already).
 * In the library's legacy mode axe.run runs in the page itself: by default every analysis also
 * opens a blank page, loads axe into it again and finishes the run there, which only matters for
 * cross-origin frames (Keyward's pages have none). Same findings; the sweep's axe time halves
 * (63 s to 31 s for one role's 44 analyses).
 */
async function axe(page: Page, where: string, found: Violation[], within?: string): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(WCAG_21_AA).setLegacyMode();
  if (within) builder.include(within);
  const result = await builder.analyze();
  for (const violation of result.violations)
    found.push({
      where,
      rule: violation.id,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    });
}

/** The name a button is known by: its aria-label, else its text. */
async function buttonName(button: Locator): Promise<string> {
  return ((await button.getAttribute("aria-label")) ?? (await button.innerText())).trim();
}

/** Opens each kind of dialog of the page once (one per verb: the first row's Delete stands for every row's). */
async function sweepDialogs(page: Page, where: string, found: Violation[]): Promise<void> {
  const main = page.getByRole("main");
  const seen = new Set<string>();
  for (const button of await main.locator('button[type="button"]').all()) {
    if (!(await button.isVisible()) || !(await button.isEnabled())) continue;
    const name = await buttonName(button);
    const verb = DIALOG_TRIGGER.exec(name)?.[2];
    if (!verb || seen.has(verb)) continue;
    seen.add(verb);
    await expectHydrated(button);
    await button.click();
    const dialog = page.getByRole("dialog");
    await expect(dialog, `${name} opens a dialog`).toBeVisible();
    await axe(page, `${where}, dialog "${name}"`, found, "dialog[open]");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  }
  // A row's actions menu, and the dialogs its items open (a submit item acts at once: not clicked).
  const menuButton = main.locator('button[aria-haspopup="menu"]').first();
  if ((await menuButton.count()) === 0) return;
  await expectHydrated(menuButton);
  await menuButton.click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await axe(page, `${where}, menu "${await buttonName(menuButton)}"`, found, '[role="menu"]');
  const items = await menu.locator('button[type="button"][role="menuitem"]').allInnerTexts();
  await page.keyboard.press("Escape");
  for (const item of items) {
    await menuButton.click();
    await page.getByRole("menuitem", { name: item }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await axe(page, `${where}, menu item "${item}"`, found, "dialog[open]");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toBeHidden();
  }
}

/** The page's background lightness, 0 (black) to 1 (white), whatever colour syntax the CSS uses. */
function backgroundLightness(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d")!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  });
}

async function sweep(page: Page, paths: readonly string[], label: string, found: Violation[]): Promise<void> {
  const phone = page.viewportSize()?.width === PHONE.width;
  // The scheme asked for is the one shown: a sweep in "dark" of a light page would prove nothing.
  const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
  if (dark) expect(await backgroundLightness(page)).toBeLessThan(0.2);
  else expect(await backgroundLightness(page)).toBeGreaterThan(0.9);
  for (const path of paths) {
    const where = `${label} ${path}`;
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    // Nothing wider than the screen: the page itself never scrolls sideways (a wide table
    // scrolls inside its own box).
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (sideways > 0) found.push({ where, rule: "page-scrolls-sideways", help: `${sideways}px too wide`, targets: [] });
    await axe(page, where, found);
    // The dashboard's pages have the phone's Menu (the password page, outside it, has none).
    const menu = page.getByRole("button", { name: "Menu" });
    if (phone && (await menu.count()) > 0) {
      await expectHydrated(menu);
      await menu.click();
      await expect(page.getByRole("navigation", { name: "Main Navigation" })).toBeVisible();
      await axe(page, `${where}, navigation menu open`, found, "aside");
      await page.keyboard.press("Escape");
      await expect(page.getByRole("navigation", { name: "Main Navigation" })).toBeHidden();
    }
    await sweepDialogs(page, where, found);
  }
}

async function signedIn(browser: Browser, options: Parameters<Browser["newContext"]>[0], email: string) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInExpectingDashboard(page, email, PASSWORD);
  return { context, page };
}

test.describe("axe-core finds no WCAG 2.1 AA violation", () => {
  // The markup and the CSS under test are the same whatever the database: the sweep runs on the
  // SQLite project only, which keeps the suite's time down; the screens' database paths are the
  // feature specs' (both projects), and the layout tests below run on both.
  let arranged: Arranged;
  test.beforeAll(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== "sqlite", "the same pages and styles on every database");
    arranged = await arrangeNetwork();
  });

  for (const colorScheme of ["light", "dark"] as const) {
    for (const [width, size] of [
      ["desktop", { viewport: DESKTOP }],
      ["phone", PHONE_CONTEXT],
    ] as const) {
      const options = { ...size, colorScheme };
      test(`the super admin's pages and dialogs, and sign-in, ${colorScheme}, ${width}`, async ({ browser }) => {
        test.setTimeout(600_000);
        const found: Violation[] = [];
        const signedOut = await browser.newContext(options);
        await sweepSignIn(await signedOut.newPage(), found);
        await signedOut.close();
        const { context, page } = await signedIn(browser, options, arranged.admin.email);
        await sweep(
          page,
          [...ADMIN_PAGES, arranged.admin.profile, arranged.admin.credential],
          `super admin, ${colorScheme}, ${width}:`,
          found,
        );
        await context.close();
        expect(found).toEqual([]);
      });
      test(`a network user's and an advertiser user's pages and dialogs, ${colorScheme}, ${width}`, async ({
        browser,
      }) => {
        test.setTimeout(300_000);
        const found: Violation[] = [];
        for (const [label, email, paths] of [
          // /users answers 403 to them: the refusal page is checked too.
          ["network user", arranged.network.email, [...MEMBER_PAGES, "/users", arranged.network.credential]],
          ["advertiser user", arranged.advertiser.email, MEMBER_PAGES],
        ] as const) {
          const { context, page } = await signedIn(browser, options, email);
          await sweep(page, paths, `${label}, ${colorScheme}, ${width}:`, found);
          await context.close();
        }
        expect(found).toEqual([]);
      });
    }
  }
});

async function sweepSignIn(page: Page, found: Violation[]): Promise<void> {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await axe(page, "/sign-in", found);
}

async function expectOnScreen(locator: Locator, viewport: { width: number; height: number }): Promise<void> {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, "it has a box").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  await expect(locator).toBeInViewport({ ratio: 1 });
}

test("at 390 px the navigation folds behind Menu, which opens, closes on Escape and on navigation", async ({
  browser,
}) => {
  const context = await browser.newContext(PHONE_CONTEXT);
  const page = await context.newPage();
  await resumeSession(page, "super_admin");
  const navigation = page.getByRole("navigation", { name: "Main Navigation" });
  const menu = page.getByRole("button", { name: "Menu" });

  // The page's content starts near the top, not after the navigation.
  await expect(navigation).toBeHidden();
  expect((await page.getByRole("main").boundingBox())!.y).toBeLessThan(120);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  const panel = page.locator(`#${await menu.getAttribute("aria-controls")}`);
  await expect(panel).toBeHidden();

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(panel).toBeVisible();
  await expect(navigation).toBeVisible();
  await expect(panel.getByRole("button", { name: "Sign out" })).toBeVisible();

  // Escape closes it and gives focus back to the button.
  await navigation.getByRole("link", { name: "API Docs" }).focus();
  await page.keyboard.press("Escape");
  await expect(navigation).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  // A link closes it; the next page starts at the top.
  await menu.click();
  await navigation.getByRole("link", { name: "OAuth Apps" }).click();
  await expect(page).toHaveURL(/\/oauth-apps$/);
  await expect(navigation).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expectOnScreen(page.getByRole("heading", { level: 1, name: "OAuth Apps" }), PHONE);

  // Back closes it too (the panel is open only on the page it was opened on).
  await menu.click();
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(navigation).toBeHidden();

  // On a desktop the navigation is always there and the button is not.
  await page.setViewportSize(DESKTOP);
  await expect(navigation).toBeVisible();
  await expect(menu).toBeHidden();
  await context.close();
});

test("at 390x844 Create Auth Token and Register OAuth App keep their labels and buttons on screen", async ({
  browser,
}) => {
  const apiUser = await arrangeUser(test.info(), { role: "network_user", isApiUser: true });
  const context = await browser.newContext({ ...PHONE_CONTEXT, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await resumeSession(page, "super_admin");

  await page.goto("/account/api-access");
  await page.getByRole("button", { name: "Create Auth Token" }).click();
  const tokenDialog = page.getByRole("dialog", { name: "Create Auth Token" });
  for (const label of ["Name", "API User", "Expiration Date"])
    await expectOnScreen(tokenDialog.getByText(label, { exact: true }), PHONE);
  await expectOnScreen(tokenDialog.getByRole("button", { name: "Create" }), PHONE);
  await expectOnScreen(tokenDialog.getByRole("button", { name: "Cancel" }), PHONE);
  await tokenDialog.getByLabel("Name").fill(`Phone token ${randomBytes(3).toString("hex")}`);
  await tokenDialog.getByLabel("API User").selectOption({ label: `E2E network_user (${apiUser.email})` });
  await tokenDialog
    .getByLabel("Expiration Date")
    .fill(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
  await tokenDialog.getByRole("button", { name: "Create" }).click();
  await expect(tokenDialog.getByTestId("new-secret")).toHaveValue(/^kw_at_/);
  await expectOnScreen(tokenDialog.getByRole("button", { name: "Copy to clipboard" }), PHONE);
  await expectOnScreen(tokenDialog.getByRole("button", { name: "Done" }), PHONE);
  await tokenDialog.getByRole("button", { name: "Done" }).click();
  await expect(tokenDialog).toBeHidden();

  // A form taller than the phone: it scrolls inside the dialog, its buttons stay at its foot.
  await page.goto("/oauth-apps");
  await page.getByRole("button", { name: "Register OAuth App" }).click();
  const appDialog = page.getByRole("dialog", { name: "Register OAuth App" });
  await expectOnScreen(appDialog.getByText("Name", { exact: true }), PHONE);
  await expectOnScreen(appDialog.getByRole("button", { name: "Register" }), PHONE);
  await appDialog.getByLabel("Name").fill(`Phone app ${randomBytes(3).toString("hex")}`);
  await appDialog.getByLabel("Client credentials").check();
  await appDialog.getByLabel("advertisers:read").check();
  const actsAs = appDialog.getByLabel("Acts as user");
  await actsAs.selectOption({ label: `E2E network_user (${apiUser.email})` });
  // A label further down, scrolled to, is on screen and not under the pinned buttons.
  await actsAs.scrollIntoViewIfNeeded();
  await expectOnScreen(appDialog.getByText("Acts as user", { exact: true }), PHONE);
  await expectOnScreen(appDialog.getByRole("button", { name: "Register" }), PHONE);
  await appDialog.getByRole("button", { name: "Register" }).click();
  await expect(appDialog.getByTestId("new-secret")).toHaveValue(/^kw_cs_/);
  await expectOnScreen(appDialog.getByRole("button", { name: "Copy client ID" }), PHONE);
  await expectOnScreen(appDialog.getByRole("button", { name: "Copy to clipboard" }), PHONE);
  await expectOnScreen(appDialog.getByRole("button", { name: "Done" }), PHONE);
  await context.close();
});

test("OAuth Apps: a row's Delete is on screen at 1366 and at 390 px", async ({ browser }) => {
  const db = await databaseFor(test.info());
  const admin = await db.user.findFirstOrThrow({ where: { role: "super_admin" }, orderBy: { createdAt: "asc" } });
  const name = `Wide app ${randomBytes(3).toString("hex")} with a long descriptive name`;
  const registered = await registerClient(
    db,
    { id: admin.id, email: admin.email, accountId: admin.accountId, role: "super_admin" },
    {
      name,
      redirectUris: "https://wide.a11y.e2e.test/oauth/callback",
      grantTypes: ["authorization_code"],
      scopes: ["advertisers:read", "advertisers:write", "publishers:read", "users:read"],
      clientType: "confidential",
      requestId: randomUUID(),
    },
    NO_REQUEST,
  );
  expect("registered" in registered).toBe(true);
  for (const viewport of [{ width: 1366, height: 800 }, PHONE]) {
    const context = await browser.newContext(viewport === PHONE ? PHONE_CONTEXT : { viewport });
    const page = await context.newPage();
    await resumeSession(page, "super_admin");
    await page.goto("/oauth-apps");
    const row = page.getByRole("row").filter({ hasText: name });
    await row.scrollIntoViewIfNeeded();
    const del = row.getByRole("button", { name: `Delete ${name}` });
    await expect(del).toBeInViewport({ ratio: 1 });
    const box = (await del.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    // And it works where it is: the confirmation opens.
    await del.click();
    await expect(page.getByRole("dialog", { name: "Delete OAuth app?" })).toBeVisible();
    await context.close();
  }
});

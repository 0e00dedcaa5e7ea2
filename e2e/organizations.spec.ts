// The Advertisers and Publishers screens (SPEC screen 5a): a super admin creates, finds, edits
// and deletes them; duplicate IDs and names are refused on their field; one that a user
// belongs to cannot be deleted and is archived instead, after which the New User form no
// longer offers it; an advertiser user sees their own advertiser only, read-only, and their
// hand-made server action requests are refused. The database is shared by every spec: each
// test makes its own, with a random suffix.
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { holdNextAction, replay } from "./support/server-actions";
import { resumeSession } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeUser } from "./support/users";

type Label = "Advertiser" | "Publisher";

function suffix(): string {
  return randomBytes(4).toString("hex");
}

async function openFromNavigation(page: Page, label: Label) {
  await page
    .getByRole("navigation", { name: "Main Navigation" })
    .getByRole("link", { name: `${label}s`, exact: true })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: `${label}s` })).toBeVisible();
}

/** Fills the New/Edit dialog's fields that are given and submits it. */
async function fillAndSubmit(
  dialog: Locator,
  fields: { id?: string; name?: string; status?: string },
  button: "Create" | "Save",
) {
  if (fields.id !== undefined) await dialog.getByLabel("ID from network").fill(fields.id);
  if (fields.name !== undefined) await dialog.getByLabel("Name", { exact: true }).fill(fields.name);
  if (fields.status !== undefined) await dialog.getByLabel("Approval status").selectOption(fields.status);
  await dialog.getByRole("button", { name: button, exact: true }).click();
}

async function openNewDialog(page: Page, label: Label): Promise<Locator> {
  await page.getByRole("button", { name: `New ${label}` }).click();
  const dialog = page.getByRole("dialog", { name: `New ${label}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function create(page: Page, label: Label, fields: { id: string; name: string }) {
  const dialog = await openNewDialog(page, label);
  await fillAndSubmit(dialog, fields, "Create");
  await expect(dialog).toBeHidden();
}

function listRows(page: Page): Locator {
  return page.getByRole("table").locator("tbody tr");
}

/** A row's cells as text: ID from network, Name, Approval status (then Created, actions). */
async function expectRow(page: Page, id: string, name: string, status: string) {
  const row = listRows(page).filter({ hasText: id });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(0)).toHaveText(id);
  await expect(row.getByRole("cell").nth(1)).toHaveText(name);
  await expect(row.getByRole("cell").nth(2)).toHaveText(status);
}

async function search(page: Page, text: string) {
  await page.getByRole("searchbox", { name: "Search" }).fill(text);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`\\?search=${encodeURIComponent(text).replace(/%20/g, "\\+")}$`));
}

async function adminPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await resumeSession(page, "super_admin");
  return page;
}

/** The advertiser an arranged advertiser user belongs to. */
async function advertiserOf(userId: string) {
  const db = await databaseFor(test.info());
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { advertiser: { select: { id: true, idFromNetwork: true, name: true } } },
  });
  if (!user.advertiser) throw new Error("the arranged user has no advertiser");
  return user.advertiser;
}

test("a super admin creates an advertiser, finds it by ID and by name, edits it, and sees it in the Audit Log", async ({
  page,
}) => {
  const tag = suffix();
  const id = `adv-${tag}`;
  const name = `Acme Outdoor ${tag}`;
  await resumeSession(page, "super_admin");
  await openFromNavigation(page, "Advertiser");

  const dialog = await openNewDialog(page, "Advertiser");
  await expect(dialog.getByLabel("Approval status")).toHaveValue("Approved");
  await fillAndSubmit(dialog, { id, name }, "Create");
  await expect(dialog).toBeHidden();
  await expectRow(page, id, name, "Approved");

  await search(page, id);
  await expect(listRows(page)).toHaveCount(1);
  await expectRow(page, id, name, "Approved");
  // The name in another case, and only part of it.
  await search(page, `OUTDOOR ${tag}`);
  await expect(listRows(page)).toHaveCount(1);
  await expectRow(page, id, name, "Approved");
  await search(page, `no such ${tag}`);
  await expect(page.getByText(`No advertisers match “no such ${tag}”.`)).toBeVisible();

  await search(page, id);
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("dialog", { name: "Edit Advertiser" });
  await expect(edit.getByLabel("ID from network")).toHaveValue(id);
  await expect(edit.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(edit.getByLabel("Approval status")).toHaveValue("Approved");
  await fillAndSubmit(edit, { name: `Acme Indoor ${tag}`, status: "Suspended" }, "Save");
  await expect(edit).toBeHidden();
  await expectRow(page, id, `Acme Indoor ${tag}`, "Suspended");

  await page.goto("/audit?action=advertiser.created");
  const audited = page
    .getByRole("table")
    .locator("tbody tr")
    .filter({ hasText: `${name} (${id})` });
  await expect(audited).toHaveCount(1);
  await expect(audited).toContainText("Advertiser created");
});

test("a duplicate ID from network or name (in any case) is refused next to its field, keeping what was typed", async ({
  page,
}) => {
  const tag = suffix();
  const taken = { id: `dup-${tag}`, name: `Taken Name ${tag}` };
  await resumeSession(page, "super_admin");
  await page.goto("/advertisers");
  await create(page, "Advertiser", taken);

  const dialog = await openNewDialog(page, "Advertiser");
  await fillAndSubmit(dialog, { id: taken.id, name: `Other Name ${tag}` }, "Create");
  const idField = dialog.getByLabel("ID from network");
  await expect(idField).toHaveAttribute("aria-invalid", "true");
  await expect(idField).toHaveAccessibleDescription(new RegExp(`Advertiser ${taken.id} already exists`));
  await expect(idField).toHaveValue(taken.id);
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(`Other Name ${tag}`);
  await expect(dialog.getByLabel("Name", { exact: true })).not.toHaveAttribute("aria-invalid");

  await fillAndSubmit(dialog, { id: `dup2-${tag}`, name: taken.name.toUpperCase() }, "Create");
  const nameField = dialog.getByLabel("Name", { exact: true });
  await expect(nameField).toHaveAttribute("aria-invalid", "true");
  await expect(nameField).toHaveAccessibleDescription(
    `Advertiser ${taken.id} already has this name; names are unique within the network`,
  );
  await expect(nameField).toHaveValue(taken.name.toUpperCase());
  await expect(idField).not.toHaveAttribute("aria-invalid");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  await search(page, `dup2-${tag}`);
  await expect(page.getByText(`No advertisers match “dup2-${tag}”.`)).toBeVisible();
  // An edit that takes another one's name is refused the same way.
  const other = { id: `dup3-${tag}`, name: `Third Name ${tag}` };
  await create(page, "Advertiser", other);
  await search(page, other.id);
  await page.getByRole("button", { name: `Edit ${other.name}` }).click();
  const edit = page.getByRole("dialog", { name: "Edit Advertiser" });
  await fillAndSubmit(edit, { name: taken.name.toLowerCase() }, "Save");
  await expect(edit.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/already has this name/);
});

test("an advertiser without users is deleted; one with a user is refused with the reason and archived instead, which the New User form then leaves out", async ({
  page,
}) => {
  const tag = suffix();
  const spare = { id: `del-${tag}`, name: `Deletable ${tag}` };
  await resumeSession(page, "super_admin");
  await page.goto("/advertisers");
  await create(page, "Advertiser", spare);
  await search(page, spare.id);
  await page.getByRole("button", { name: `Delete ${spare.name}` }).click();
  let confirm = page.getByRole("dialog", { name: "Delete advertiser?" });
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`No advertisers match “${spare.id}”.`)).toBeVisible();

  const member = await arrangeUser(test.info(), { role: "advertiser_user" });
  const advertiser = await advertiserOf(member.id);
  await search(page, advertiser.idFromNetwork);
  await page.getByRole("button", { name: `Delete ${advertiser.name}` }).click();
  confirm = page.getByRole("dialog", { name: "Delete advertiser?" });
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(confirm.getByRole("alert")).toHaveText(
    `Advertiser ${advertiser.name} (${advertiser.idFromNetwork}) still has 1 user and 0 credentials; ` +
      "set its approval status to Archived instead, or move or delete its users first",
  );
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expectRow(page, advertiser.idFromNetwork, advertiser.name, "Approved");

  // Before archiving, the New User form offers it, with its ID from network.
  const offered = `${advertiser.name} (${advertiser.idFromNetwork})`;
  await page.goto("/users/new");
  await page.getByLabel("Role", { exact: true }).selectOption("advertiser_user");
  const choices = page.getByLabel("Advertiser", { exact: true }).getByRole("option");
  await expect(choices.filter({ hasText: offered })).toHaveCount(1);

  await page.goto(`/advertisers?search=${advertiser.idFromNetwork}`);
  await page.getByRole("button", { name: `Edit ${advertiser.name}` }).click();
  const edit = page.getByRole("dialog", { name: "Edit Advertiser" });
  await fillAndSubmit(edit, { status: "Archived" }, "Save");
  await expect(edit).toBeHidden();
  await expectRow(page, advertiser.idFromNetwork, advertiser.name, "Archived");

  await page.goto("/users/new");
  await page.getByLabel("Role", { exact: true }).selectOption("advertiser_user");
  await expect(page.getByLabel("Advertiser", { exact: true })).toBeVisible();
  await expect(choices.filter({ hasText: offered })).toHaveCount(0);
});

test("a super admin creates a publisher, and /publishers?create=1 opens the New Publisher dialog at once", async ({
  page,
}) => {
  const tag = suffix();
  await resumeSession(page, "super_admin");
  await openFromNavigation(page, "Publisher");
  await create(page, "Publisher", { id: `pub-${tag}`, name: `Call Partners ${tag}` });
  await expectRow(page, `pub-${tag}`, `Call Partners ${tag}`, "Approved");

  await page.goto("/publishers?create=1");
  const dialog = page.getByRole("dialog", { name: "New Publisher" });
  await expect(dialog).toBeVisible();
  // The promise is kept once: the address loses create=1, so a reload would not open the dialog again.
  await expect(page).toHaveURL(/\/publishers$/);
  await fillAndSubmit(dialog, { id: `pub2-${tag}`, name: `Second Partner ${tag}`, status: "Applied" }, "Create");
  await expect(dialog).toBeHidden();
  await search(page, `pub2-${tag}`);
  await expectRow(page, `pub2-${tag}`, `Second Partner ${tag}`, "Applied");
});

test("an advertiser user sees only their own advertiser, read-only, and their hand-made create and delete requests get 403", async ({
  page,
  browser,
}) => {
  const db = await databaseFor(test.info());
  const member = await arrangeUser(test.info(), { role: "advertiser_user" });
  const own = await advertiserOf(member.id);
  const tag = suffix();
  const forgedId = `forged-${tag}`;

  // The real requests, as a super admin's browser sends them (held back, never run).
  const admin = await adminPage(browser);
  await admin.goto("/advertisers");
  let next = await holdNextAction(admin, "/advertisers");
  await fillAndSubmit(await openNewDialog(admin, "Advertiser"), { id: forgedId, name: `Forged ${tag}` }, "Create");
  const createRequest = await next();
  await admin.goto(`/advertisers?search=${own.idFromNetwork}`);
  next = await holdNextAction(admin, `/advertisers?search=${own.idFromNetwork}`);
  await admin.getByRole("button", { name: `Delete ${own.name}` }).click();
  await admin
    .getByRole("dialog", { name: "Delete advertiser?" })
    .getByRole("button", { name: "Delete", exact: true })
    .click();
  const deleteRequest = await next();

  await signInExpectingDashboard(page, member.email, member.password);
  const navigation = page.getByRole("navigation", { name: "Main Navigation" });
  await expect(navigation.getByRole("heading", { name: "Network" })).toBeVisible();
  await expect(navigation.getByRole("link", { name: "Publishers" })).toHaveCount(0);
  await openFromNavigation(page, "Advertiser");
  await expect(page.getByText("Your own advertiser, read-only.")).toBeVisible();
  await expect(listRows(page)).toHaveCount(1);
  await expectRow(page, own.idFromNetwork, own.name, "Approved");
  await expect(page.getByRole("button", { name: /New Advertiser|Edit|Delete/ })).toHaveCount(0);
  // Searching another advertiser's name finds nothing.
  await search(page, "Acme");
  await expect(page.getByText("No advertisers match “Acme”.")).toBeVisible();
  expect((await page.request.get("/publishers", { maxRedirects: 0 })).status()).toBe(403);

  expect(await replay(page, createRequest)).toBe(403);
  expect(await replay(page, deleteRequest)).toBe(403);
  expect(await db.advertiser.count({ where: { idFromNetwork: forgedId } })).toBe(0);
  expect(await db.advertiser.count({ where: { id: own.id } })).toBe(1);

  // The same create from the super admin's session works: the 403 is the role check, not a bad replay.
  expect(await replay(admin, createRequest)).toBe(200);
  expect(await db.advertiser.count({ where: { idFromNetwork: forgedId } })).toBe(1);
  await admin.context().close();
});

// The Audit Log page in the browser: a super admin filters by actor, action and dates (UTC,
// both ends included) and sees exactly the expected rows; Older / Newer keep the filters; a
// bad filter is answered next to its field; other roles get 403. Each test writes its events
// in a year of its own, long past, so other specs' events never match its filters.
import { expect, test, type Page } from "@playwright/test";
import { resumeSession } from "./support/sessions";
import { arrangeAuditEvents, arrangeOtherAccount, uniqueTag } from "./support/audit-events";

function rows(page: Page) {
  return page.getByRole("table").locator("tbody tr");
}

/** The table as [time, actor, action] triples, top to bottom. */
async function shownEvents(page: Page): Promise<string[][]> {
  return rows(page).evaluateAll((trs) =>
    trs.map((tr) =>
      Array.from(tr.querySelectorAll("td"))
        .slice(0, 3)
        .map((td) => (td.textContent ?? "").trim()),
    ),
  );
}

async function applyFilters(page: Page, filters: { actor?: string; action?: string; from?: string; to?: string }) {
  const form = page.getByRole("form", { name: "Filter the audit log" });
  await form.getByLabel("Actor", { exact: true }).fill(filters.actor ?? "");
  await form.getByLabel("Action", { exact: true }).selectOption({ label: filters.action ?? "All actions" });
  await form.getByLabel("From (UTC)").fill(filters.from ?? "");
  await form.getByLabel("To (UTC)").fill(filters.to ?? "");
  await form.getByRole("button", { name: "Apply filters" }).click();
  await page.waitForURL(/\/audit\?/);
}

test.describe("as the super admin", () => {
  // Each test walks through several filtered page loads of a production server; on a busy
  // two-core machine that can approach the default 60 s for the whole test.
  test.describe.configure({ timeout: 120_000 });

  test.beforeEach(async ({ page }) => {
    await resumeSession(page, "super_admin");
  });

  test("the super admin filters by actor, by action and by dates, and sees exactly the matching events", async ({
    page,
  }) => {
    const tag = uniqueTag();
    const alice = `alice.${tag}@e2e.test`;
    const bob = `bob.${tag}@e2e.test`;
    const intruder = `intruder.${tag}@e2e.test`;
    const other = await arrangeOtherAccount(test.info());
    await arrangeAuditEvents(test.info(), [
      {
        at: "2001-03-01T10:00:00Z",
        actor: alice,
        action: "user.created",
        target: bob,
        details: { role: "network_user" },
      },
      { at: "2001-03-02T09:00:00Z", actor: alice, action: "auth.sign_in", target: alice, ip: "203.0.113.5" },
      { at: "2001-03-02T12:00:00Z", actor: bob, action: "auth.sign_in", target: bob, ip: "203.0.113.6" },
      {
        at: "2001-03-03T08:30:00Z",
        actor: intruder,
        action: "auth.sign_in_failed",
        target: intruder,
        ip: "198.51.100.66",
        details: { reason: "invalid" },
        accountId: null,
      },
      {
        at: "2001-03-05T23:59:59Z",
        actor: alice,
        action: "auth.sign_in_failed",
        target: alice,
        ip: "203.0.113.5",
        details: { reason: "invalid" },
      },
      {
        at: "2001-03-06T00:00:00Z",
        actor: bob,
        action: "credential.revoked",
        target: "kw_pat_…a1b2",
        targetType: "credential",
        ip: "203.0.113.6",
      },
      // Another account's events never show, whatever the filters.
      { at: "2001-03-02T10:00:00Z", actor: alice, action: "auth.sign_in", target: alice, accountId: other },
    ]);

    await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "Audit Log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit Log" })).toBeVisible();

    // By actor: alice's events in this account, newest first, with action labels.
    await applyFilters(page, { actor: alice.toUpperCase() });
    expect(await shownEvents(page)).toEqual([
      ["2001-03-05 23:59:59 UTC", alice, "Sign-in failed"],
      ["2001-03-02 09:00:00 UTC", alice, "Signed in"],
      ["2001-03-01 10:00:00 UTC", alice, "User created"],
    ]);
    await expect(page.getByText("3 events match")).toBeVisible();
    const created = rows(page).nth(2);
    await expect(created.getByRole("cell").nth(3)).toHaveText(`${bob}(User)`);
    await expect(created.getByRole("cell").nth(5)).toHaveText("Role:Network user");

    // By action within the dates: both sign-ins of March 2nd.
    await applyFilters(page, { action: "Signed in", from: "2001-03-01", to: "2001-03-05" });
    expect(await shownEvents(page)).toEqual([
      ["2001-03-02 12:00:00 UTC", bob, "Signed in"],
      ["2001-03-02 09:00:00 UTC", alice, "Signed in"],
    ]);

    // By action alone: every row shown is that action (other specs may add newer ones).
    await applyFilters(page, { action: "Credential revoked" });
    await expect(rows(page).first()).toBeVisible();
    const actions = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[2]?.textContent));
    expect(new Set(actions)).toEqual(new Set(["Credential revoked"]));

    // One day: the revocation at 00:00:00 UTC, with the credential by its hint and the client address.
    await applyFilters(page, { from: "2001-03-06", to: "2001-03-06" });
    expect(await shownEvents(page)).toEqual([["2001-03-06 00:00:00 UTC", bob, "Credential revoked"]]);
    await expect(rows(page).first().getByRole("cell").nth(3)).toHaveText("kw_pat_…a1b2(credential)");
    await expect(rows(page).first().getByRole("cell").nth(4)).toHaveText("203.0.113.6");

    // By dates alone: from 00:00 UTC on the first day to the end of the last, both included;
    // the installation-wide failed sign-in is shown too.
    await applyFilters(page, { from: "2001-03-02", to: "2001-03-05" });
    expect(await shownEvents(page)).toEqual([
      ["2001-03-05 23:59:59 UTC", alice, "Sign-in failed"],
      ["2001-03-03 08:30:00 UTC", intruder, "Sign-in failed"],
      ["2001-03-02 12:00:00 UTC", bob, "Signed in"],
      ["2001-03-02 09:00:00 UTC", alice, "Signed in"],
    ]);
    await expect(page.getByText("Times and dates are in UTC")).toBeVisible();

    // The filtered view is a URL: opened afresh, it shows the same rows and the same form.
    const url = page.url();
    expect(url).toContain("from=2001-03-02");
    expect(url).toContain("to=2001-03-05");
    await page.goto(url);
    expect(await shownEvents(page)).toHaveLength(4);
    await expect(page.getByLabel("From (UTC)")).toHaveValue("2001-03-02");

    // An actor's name in the table narrows the log to them, keeping the dates.
    await rows(page).filter({ hasText: "Signed in" }).filter({ hasText: bob }).getByRole("link", { name: bob }).click();
    await expect(page).toHaveURL(/actor=bob/);
    expect(await shownEvents(page)).toEqual([["2001-03-02 12:00:00 UTC", bob, "Signed in"]]);
    await expect(page.getByLabel("Actor", { exact: true })).toHaveValue(bob);
  });

  test("Older and Newer page through the filtered events and keep the filters", async ({ page }) => {
    const carol = `carol.${uniqueTag()}@e2e.test`;
    // 60 events, one a minute on 2002-07-14, newest at 00:59.
    await arrangeAuditEvents(
      test.info(),
      Array.from({ length: 60 }, (_, n) => ({
        at: `2002-07-14T00:${String(n).padStart(2, "0")}:00Z`,
        actor: carol,
        action: "user.updated" as const,
        target: carol,
        details: { fields: "name", n },
      })),
    );
    await page.goto("/audit");
    await applyFilters(page, { actor: carol, action: "User updated", from: "2002-07-14", to: "2002-07-14" });
    await expect(rows(page)).toHaveCount(50);
    await expect(page.getByText("60 events match")).toBeVisible();
    const firstPage = await shownEvents(page);
    expect(firstPage[0]).toEqual(["2002-07-14 00:59:00 UTC", carol, "User updated"]);
    expect(firstPage[49]?.[0]).toBe("2002-07-14 00:10:00 UTC");
    const pagination = page.getByRole("navigation", { name: "Pagination" });
    await expect(pagination.getByRole("link", { name: "Newer" })).toHaveCount(0);

    await pagination.getByRole("link", { name: "Older" }).click();
    await expect(page).toHaveURL(/before=/);
    for (const kept of [
      `actor=${encodeURIComponent(carol)}`,
      "action=user.updated",
      "from=2002-07-14",
      "to=2002-07-14",
    ]) {
      expect(page.url()).toContain(kept);
    }
    await expect(rows(page)).toHaveCount(10);
    const secondPage = await shownEvents(page);
    expect(secondPage.map((row) => row[0])).toEqual(
      Array.from({ length: 10 }, (_, n) => `2002-07-14 00:${String(9 - n).padStart(2, "0")}:00 UTC`),
    );
    await expect(pagination.getByRole("link", { name: "Older" })).toHaveCount(0);
    await expect(page.getByLabel("Actor", { exact: true })).toHaveValue(carol);
    await expect(page.getByLabel("Action", { exact: true })).toHaveValue("user.updated");

    await pagination.getByRole("link", { name: "Newer" }).click();
    await expect(page).toHaveURL(/after=/);
    expect(await shownEvents(page)).toEqual(firstPage);
    await expect(pagination.getByRole("link", { name: "Newer" })).toHaveCount(0);
  });

  test("a bad filter is answered next to its field, and nothing is listed", async ({ page }) => {
    await page.goto("/audit?from=2026-02-30&action=user.updated");
    const fromError = page.locator("#audit-from-error");
    await expect(fromError).toHaveText("From: 2026-02-30 is not a day in the calendar.");
    await expect(page.getByLabel("From (UTC)")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("From (UTC)")).toHaveAttribute("aria-describedby", /audit-from-error/);
    await expect(page.getByRole("alert").filter({ hasText: "No events are listed" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
    // The valid filter is kept in the form.
    await expect(page.getByLabel("Action", { exact: true })).toHaveValue("user.updated");

    await page.goto("/audit?to=last%20week");
    await expect(page.locator("#audit-to-error")).toHaveText(
      'To: "last week" is not a date. Use YYYY-MM-DD, for example 2026-11-03.',
    );

    // Through the form: To before From, and a partial actor.
    await applyFilters(page, { actor: "alice", from: "2001-03-10", to: "2001-03-01" });
    await expect(page.locator("#audit-to-error")).toHaveText("To: choose the same day as From, or a later one.");
    await expect(page.locator("#audit-actor-error")).toHaveText(
      'Enter the full email address of the actor, or "system".',
    );
    await expect(page.getByLabel("Actor", { exact: true })).toHaveValue("alice");
    await expect(page.getByLabel("To (UTC)")).toHaveValue("2001-03-01");
    await expect(page.getByRole("table")).toHaveCount(0);
  });
});

test("a network user gets 403 on the Audit Log", async ({ page }) => {
  await resumeSession(page, "network_user");
  const response = await page.goto("/audit?action=auth.sign_in");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "403: not allowed" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
});

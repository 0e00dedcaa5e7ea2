// Expiry notices with two production instances on one database (both projects: PostgreSQL,
// and two processes on one SQLite file), mailing through a real SMTP server this spec starts
// (smtp-server). Credentials due at each threshold are arranged; each recipient receives
// exactly one mail per threshold, whichever instance sent it, and a user who switched
// notices off on the Notifications page receives none.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createApiKey } from "@/lib/credentials/api-keys";
import { createAuthToken } from "@/lib/credentials/auth-tokens";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createDb, type Db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { startSmtpReceiver, type SmtpReceiver } from "@/test/smtp-receiver";
import { E2E_ADMIN, startServer, type RunningServer } from "./support/server";
import { extraPort } from "./support/state";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const PASSWORD = "expiry mail password";

test("two instances mail each recipient exactly once per threshold; a user who switched notices off gets none", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const kind = testInfo.project.name === "postgresql" ? "postgresql" : "sqlite";
  let receiver: SmtpReceiver | undefined;
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  let db: Db | undefined;
  try {
    receiver = await startSmtpReceiver();
    const mailEnv = { KEYWARD_SMTP_URL: receiver.url, KEYWARD_NOTICE_INTERVAL_SECONDS: "1" };
    a = await startServer({ kind, port: extraPort(13, testInfo), env: mailEnv });
    // One public address for both, as behind a load balancer: every mail links to the same place.
    b = await startServer({
      kind,
      port: extraPort(14, testInfo),
      database: a.database,
      env: { ...mailEnv, KEYWARD_URL: a.baseURL, NEXTAUTH_URL: a.baseURL },
    });
    db = await createDb(a.database);
    const accountId = (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
    const adminRow = await db.user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email } });
    const admin = { id: adminRow.id, email: adminRow.email, accountId, role: "super_admin" as const };
    const person = async (label: string, isApiUser = false) => {
      const email = `${label}.${randomBytes(4).toString("hex")}@e2e.test`;
      const made = await createUser(
        db!,
        accountId,
        { email, name: label, password: PASSWORD, role: "network_user", status: "active" },
        { ...SYSTEM_ACTOR, accountId },
        NO_REQUEST,
      );
      if (isApiUser) await db!.user.update({ where: { id: made.id }, data: { isApiUser: true } });
      return { id: made.id, email, accountId };
    };
    const owner = await person("owner");
    const apiUser = await person("api", true);
    const quiet = await person("quiet");

    // The quiet user switches notices off in the browser, before anything of theirs is due.
    await page.goto(`${a.baseURL}/sign-in`);
    await page.getByLabel("Email").fill(quiet.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
    await page.getByRole("link", { name: "Notifications" }).click();
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
    const box = page.getByRole("checkbox", { name: "Email me before my credentials expire" });
    await expect(box).toBeChecked();
    await box.uncheck();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.locator("#notifications-message")).toHaveText(
      "Saved. You will not be emailed about expiring credentials.",
    );
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Email me before my credentials expire" })).not.toBeChecked();

    // Credentials at each threshold, created long enough ago to have crossed it.
    const now = Date.now();
    const due = async (id: string, expiresIn: number) =>
      db!.credential.update({
        where: { id },
        data: { expiresAt: new Date(now + expiresIn), createdAt: new Date(now - 60 * DAY) },
      });
    const pat = async (of: typeof owner, name: string, expiresIn: number) => {
      const made = await createPersonalCredential(db!, of, { description: name }, NO_REQUEST);
      if (!("created" in made)) throw new Error("expected a credential");
      await due(made.created.id, expiresIn);
      return made.created;
    };
    const key = await createApiKey(db, admin, { name: "Seven days key", userId: owner.id }, NO_REQUEST);
    const token = await createAuthToken(
      db,
      admin,
      {
        name: "One day token",
        apiUserId: apiUser.id,
        expirationDate: new Date(now + 3 * DAY).toISOString().slice(0, 10),
      },
      NO_REQUEST,
    );
    if (!("created" in key) || !("created" in token)) throw new Error("expected a key and a token");
    const thirty = await pat(owner, "Thirty days pat", 20 * DAY);
    await due(key.created.id, 5 * DAY);
    await due(token.created.id, 12 * HOUR);
    const expired = await pat(owner, "Expired pat", -HOUR);
    const quietOne = await pat(quiet, "Quiet pat", 3 * DAY);

    const expected = [
      { to: owner.email, subject: `Your API credential "Thirty days pat" expires in 20 days` },
      { to: owner.email, subject: `Your API key "Seven days key" expires in 5 days` },
      { to: admin.email, subject: `The API key "Seven days key" of ${owner.email} expires in 5 days` },
      { to: apiUser.email, subject: `Your Auth token "One day token" expires in 1 day` },
      { to: admin.email, subject: `The Auth token "One day token" of ${apiUser.email} expires in 1 day` },
      { to: owner.email, subject: `Your API credential "Expired pat" has expired` },
    ];
    const received = () => receiver!.mails.map((mail) => ({ to: mail.to.join(","), subject: mail.subject }));
    await expect.poll(() => received().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(expected.length);
    // Both instances go on sweeping every second; a few more rounds must add nothing.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const sort = (rows: { to: string; subject: string }[]) =>
      [...rows].sort((x, y) => `${x.to}${x.subject}`.localeCompare(`${y.to}${y.subject}`));
    expect(sort(received())).toEqual(sort(expected));

    const keyMail = receiver.mails.find((mail) => mail.subject.startsWith("The API key"))!;
    expect(keyMail.text).toContain(`Credential: ${key.created.hint}`);
    expect(keyMail.text).toContain(`Create a replacement: ${a.baseURL}/api-keys?replace=${key.created.id}`);
    for (const mail of receiver.mails) {
      for (const secret of [key.created.secret, token.created.secret, thirty.secret, expired.secret]) {
        expect(mail.raw + mail.text).not.toContain(secret.slice(-12));
      }
    }

    // One audit event per credential and threshold, the opted-out user's included.
    const events = await db.auditEvent.findMany({
      where: { action: { in: ["credential.expiring", "credential.expired"] } },
      select: { action: true, targetId: true },
    });
    expect(events.map((event) => `${event.action} ${event.targetId}`).sort()).toEqual(
      [
        `credential.expiring ${thirty.id}`,
        `credential.expiring ${key.created.id}`,
        `credential.expiring ${token.created.id}`,
        `credential.expired ${expired.id}`,
        `credential.expiring ${quietOne.id}`,
      ].sort(),
    );
  } finally {
    await db?.$disconnect();
    await b?.stop();
    await a?.stop();
    await receiver?.stop();
  }
});

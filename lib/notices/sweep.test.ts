// Expiry notices end to end below the HTTP layer: real databases (both kinds), Keyward's real
// mailer (nodemailer) speaking SMTP to a real server started here (smtp-server), and the sweep
// run at chosen instants. Each mailbox is read as a person would: who got what, how often.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { createApiKey, revokeApiKey } from "@/lib/credentials/api-keys";
import { changeAuthToken, createAuthToken } from "@/lib/credentials/auth-tokens";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import type { Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { startSecondInstance, type SecondInstance } from "@/test/second-notice-instance";
import { startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from "@/test/smtp-receiver";
import { createMailer, type Mailer } from "./mailer";
import { setMailExpiryNotices } from "./preference";
import { runNoticeSweep } from "./sweep";
import { DAY_MS } from "./thresholds";

const context: RequestContext = { ip: "192.0.2.80", userAgent: "vitest" };
const PUBLIC_URL = "https://keyward.example.test";
const HOUR = 3_600_000;

type Person = { id: string; email: string; accountId: string };
type Admin = Person & { role: "super_admin" };

describeEachDatabase("expiry notices by email", (get) => {
  let receiver: SmtpReceiver;
  let mailer: Mailer;
  let accountId: string;
  let admin: Admin;
  let optedOutAdmin: Admin;
  let owner: Person;
  let apiUser: Person;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    mailer = createMailer(receiver.url, "Keyward <keyward@example.test>");
    const { db } = get();
    accountId = await createAccount(db, "Notices");
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    optedOutAdmin = {
      ...(await createTestUser(db, accountId, { role: "super_admin" })),
      accountId,
      role: "super_admin",
    };
    await setMailExpiryNotices(db, optedOutAdmin, false, context);
    // A disabled super admin is never mailed.
    await createTestUser(db, accountId, { role: "super_admin", status: "disabled" });
    owner = { ...(await createTestUser(db, accountId)), accountId };
    apiUser = { ...(await createTestUser(db, accountId, { isApiUser: true })), accountId };
  });

  afterAll(async () => {
    mailer?.close();
    await receiver?.stop();
  });

  beforeEach(async () => {
    // Every test starts with no credential due: earlier tests' credentials are taken away.
    await get().db.credential.updateMany({ where: { accountId }, data: { status: "revoked" } });
    receiver.mails.length = 0;
  });

  const sweep = (now: Date, db: Db = get().db, using: Mailer = mailer) =>
    runNoticeSweep(db, { mailer: using, publicUrl: PUBLIC_URL, now });

  /** Moves a credential's dates: created `createdDaysBefore` days before `now`, expiring `expiresIn` ms after it. */
  async function dates(id: string, now: Date, expiresIn: number, createdDaysBefore = 60) {
    await get().db.credential.update({
      where: { id },
      data: {
        expiresAt: new Date(now.getTime() + expiresIn),
        createdAt: new Date(now.getTime() - createdDaysBefore * DAY_MS),
      },
    });
  }

  async function personal(of: Person, name: string) {
    const made = await createPersonalCredential(get().db, of, { description: name }, context);
    if (!("created" in made)) throw new Error("expected a credential");
    return { ...made.created, name };
  }

  async function apiKeyFor(of: Person, name: string) {
    const made = await createApiKey(get().db, admin, { name, userId: of.id }, context);
    if (!("created" in made)) throw new Error("expected a key");
    return { ...made.created, name };
  }

  async function authToken(name: string) {
    const made = await createAuthToken(
      get().db,
      admin,
      { name, apiUserId: apiUser.id, expirationDate: new Date(Date.now() + 2 * DAY_MS).toISOString().slice(0, 10) },
      context,
    );
    if (!("created" in made)) throw new Error("expected a token");
    return { ...made.created, name };
  }

  const unique = (label: string) => `${label} ${randomBytes(3).toString("hex")}`;
  const mailsTo = (email: string) => receiver.mails.filter((mail) => mail.to.includes(email));
  const about = (name: string, mails: ReceivedMail[] = receiver.mails) =>
    mails.filter((mail) => mail.subject.includes(`"${name}"`));

  async function auditOf(credentialId: string) {
    const rows = await get().db.auditEvent.findMany({
      where: { targetId: credentialId, action: { in: ["credential.expiring", "credential.expired"] } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((row) => ({ action: row.action, ...(JSON.parse(row.details ?? "{}") as { threshold: number }) }));
  }

  it("mails the owner once at each threshold, with the name, hint, kind, UTC date and a replacement link, never the secret", async () => {
    const now = new Date(Date.UTC(2031, 2, 1, 12));
    const in20 = await personal(owner, unique("Twenty days"));
    const in5 = await personal(owner, unique("Five days"));
    const in12h = await personal(owner, unique("Half a day"));
    const expired = await personal(owner, unique("Expired"));
    const far = await personal(owner, unique("Far"));
    const longGone = await personal(owner, unique("Long gone"));
    await dates(in20.id, now, 20 * DAY_MS);
    await dates(in5.id, now, 5 * DAY_MS);
    await dates(in12h.id, now, 12 * HOUR);
    await dates(expired.id, now, -HOUR);
    await dates(far.id, now, 40 * DAY_MS);
    await dates(longGone.id, now, -10 * DAY_MS);

    const outcome = await sweep(now);
    expect(outcome).toMatchObject({ claimed: 4, sent: 4, failed: 0 });
    const mine = mailsTo(owner.email);
    expect(mine).toHaveLength(4);
    expect(about(in20.name, mine).map((mail) => mail.subject)).toEqual([
      `Your API credential "${in20.name}" expires in 20 days`,
    ]);
    expect(about(in5.name, mine).map((mail) => mail.subject)).toEqual([
      `Your API credential "${in5.name}" expires in 5 days`,
    ]);
    expect(about(in12h.name, mine).map((mail) => mail.subject)).toEqual([
      `Your API credential "${in12h.name}" expires in 1 day`,
    ]);
    expect(about(expired.name, mine).map((mail) => mail.subject)).toEqual([
      `Your API credential "${expired.name}" has expired`,
    ]);
    expect(about(far.name)).toEqual([]);
    expect(about(longGone.name)).toEqual([]);

    const [mail] = about(in5.name, mine);
    expect(mail!.text).toContain(`Name: ${in5.name}`);
    expect(mail!.text).toContain("Kind: API credential");
    expect(mail!.text).toContain(`Credential: ${in5.hint}`);
    expect(mail!.text).toContain("Expires: 2031-03-06 12:00 UTC");
    expect(mail!.text).toContain(
      `Create a replacement: ${PUBLIC_URL}/integrations/invoca-apis?replace=${encodeURIComponent(in5.id)}`,
    );
    for (const sent of [in20, in5, in12h, expired]) {
      for (const m of receiver.mails) {
        for (const part of [m.raw, m.text, m.subject]) expect(part).not.toContain(sent.secret.slice(-12));
      }
    }

    // Once per credential and threshold in the audit log, for the webhooks to read.
    expect(await auditOf(in20.id)).toMatchObject([{ action: "credential.expiring", threshold: 30, daysLeft: 20 }]);
    expect(await auditOf(in5.id)).toMatchObject([{ action: "credential.expiring", threshold: 7 }]);
    expect(await auditOf(in12h.id)).toMatchObject([{ action: "credential.expiring", threshold: 1 }]);
    expect(await auditOf(expired.id)).toMatchObject([{ action: "credential.expired", threshold: 0 }]);

    // The same sweep again, and another a little later: nothing new.
    expect(await sweep(now)).toMatchObject({ claimed: 0, sent: 0 });
    expect(await sweep(new Date(now.getTime() + HOUR))).toMatchObject({ claimed: 0, sent: 0 });
    expect(receiver.mails).toHaveLength(4);

    // Days pass: each credential reaches its next threshold and gets exactly that notice.
    await sweep(new Date(now.getTime() + 5 * DAY_MS + HOUR)); // in5 expired an hour ago
    await sweep(new Date(now.getTime() + 14 * DAY_MS)); // in20: 6 days left
    expect(about(in20.name).map((m) => m.subject)).toEqual([
      `Your API credential "${in20.name}" expires in 20 days`,
      `Your API credential "${in20.name}" expires in 6 days`,
    ]);
    expect(about(in5.name).map((m) => m.subject.endsWith("has expired"))).toEqual([false, true]);
    expect((await auditOf(in20.id)).map((row) => row.threshold)).toEqual([30, 7]);
  });

  it("sends only the latest threshold passed while Keyward was down, and none the credential was created after", async () => {
    const now = new Date(Date.UTC(2031, 5, 1));
    // Due for 30 and 7 days while nothing ran: the 7-day notice only.
    const missed = await personal(owner, unique("Missed"));
    await dates(missed.id, now, 3 * DAY_MS);
    // Created with 5 days left: neither "30" nor "7 days" about a date just chosen.
    const young = await personal(owner, unique("Young"));
    await dates(young.id, now, 5 * DAY_MS, 0);
    await sweep(now);
    expect(about(missed.name).map((m) => m.subject)).toEqual([
      `Your API credential "${missed.name}" expires in 3 days`,
    ]);
    expect(await auditOf(missed.id)).toMatchObject([{ threshold: 7 }]);
    expect(about(young.name)).toEqual([]);
    expect(await auditOf(young.id)).toEqual([]);
    // A day before its date it is told, and at its date.
    await sweep(new Date(now.getTime() + 4.5 * DAY_MS));
    await sweep(new Date(now.getTime() + 5 * DAY_MS));
    expect(about(young.name).map((m) => m.subject)).toEqual([
      `Your API credential "${young.name}" expires in 1 day`,
      `Your API credential "${young.name}" has expired`,
    ]);
  });

  it("tells the account's super admins about API keys and auth tokens, not about personal credentials; never a user who switched notices off", async () => {
    const now = new Date(Date.UTC(2031, 8, 1));
    const key = await apiKeyFor(owner, unique("Deskpro key"));
    const token = await authToken(unique("TrackVia token"));
    const pat = await personal(owner, unique("Own"));
    const adminsOwn = await apiKeyFor(admin, unique("Admin's own key"));
    for (const { id } of [key, token, pat, adminsOwn]) await dates(id, now, 6 * DAY_MS);
    await sweep(now);

    expect(
      about(key.name)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual([admin.email, owner.email].sort());
    expect(about(key.name, mailsTo(admin.email))[0]!.subject).toBe(
      `The API key "${key.name}" of ${owner.email} expires in 6 days`,
    );
    expect(about(key.name, mailsTo(admin.email))[0]!.text).toContain(
      `${PUBLIC_URL}/api-keys?replace=${encodeURIComponent(key.id)}`,
    );
    expect(
      about(token.name)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual([admin.email, apiUser.email].sort());
    expect(about(token.name, mailsTo(apiUser.email))[0]!.subject).toBe(
      `Your Auth token "${token.name}" expires in 6 days`,
    );
    expect(about(token.name)[0]!.text).toContain(`${PUBLIC_URL}/account/api-access?replace=`);
    expect(about(pat.name).flatMap((m) => m.to)).toEqual([owner.email]);
    // The owner and a super admin at once: one mail.
    expect(about(adminsOwn.name).flatMap((m) => m.to)).toEqual([admin.email]);
    expect(mailsTo(optedOutAdmin.email)).toEqual([]);
  });

  it("a user who switches notices off gets none (recorded in the audit log); the credential's notice is still recorded once", async () => {
    const now = new Date(Date.UTC(2032, 0, 10));
    const quiet = { ...(await createTestUser(get().db, accountId)), accountId };
    await setMailExpiryNotices(get().db, quiet, false, context);
    const cred = await personal(quiet, unique("Quiet"));
    await dates(cred.id, now, 2 * DAY_MS);
    await sweep(now);
    expect(mailsTo(quiet.email)).toEqual([]);
    expect(await auditOf(cred.id)).toMatchObject([{ threshold: 7 }]);
    const changed = await get().db.auditEvent.findFirst({ where: { action: "user.updated", targetId: quiet.id } });
    expect(JSON.parse(changed!.details!)).toEqual({ mailExpiryNotices: false });

    // Switched off between the claim and the send (a mail waiting for a retry): not sent either.
    const later = await personal(owner, unique("Later"));
    await dates(later.id, now, 2 * DAY_MS);
    receiver.refuseNext(1);
    await sweep(now);
    await setMailExpiryNotices(get().db, owner, false, context);
    try {
      expect(await sweep(new Date(now.getTime() + HOUR))).toMatchObject({ sent: 0, cancelled: 1 });
      expect(about(later.name)).toEqual([]);
    } finally {
      await setMailExpiryNotices(get().db, owner, true, context);
    }
  });

  it("sends nothing about revoked, deactivated or rolled credentials", async () => {
    const now = new Date(Date.UTC(2032, 3, 1));
    const revoked = await apiKeyFor(owner, unique("Revoked"));
    await revokeApiKey(get().db, admin, revoked.id, context);
    const inactive = await authToken(unique("Inactive"));
    await changeAuthToken(get().db, admin, inactive.id, "deactivate", context);
    const rolled = await apiKeyFor(owner, unique("Rolled"));
    await get().db.credential.update({ where: { id: rolled.id }, data: { rolledAt: new Date(now.getTime() - HOUR) } });
    for (const { id } of [revoked, inactive, rolled]) await dates(id, now, 6 * HOUR);
    expect(await sweep(now)).toMatchObject({ claimed: 0, sent: 0 });
    expect(receiver.mails).toEqual([]);
  });

  it("retries a mail the SMTP server refused, later, and sends it once", async () => {
    const now = new Date(Date.UTC(2032, 6, 1));
    const cred = await personal(owner, unique("Retried"));
    await dates(cred.id, now, 20 * DAY_MS);
    receiver.refuseNext(1);
    expect(await sweep(now)).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    const queued = await get().db.expiryMail.findFirstOrThrow({ where: { notice: { credentialId: cred.id } } });
    expect(queued).toMatchObject({ status: "pending", attempts: 1 });
    expect(queued.lastError).toContain("451");
    expect(queued.lastError).not.toContain(receiver.password);
    // Not before its retry time, then once.
    expect(await sweep(now)).toMatchObject({ sent: 0, failed: 0 });
    expect(await sweep(new Date(now.getTime() + 2 * 60_000))).toMatchObject({ sent: 1, failed: 0 });
    expect(await sweep(new Date(now.getTime() + 3 * 60_000))).toMatchObject({ sent: 0 });
    expect(about(cred.name)).toHaveLength(1);
    expect(await auditOf(cred.id)).toHaveLength(1);
  });

  describe("two instances sweeping at once", () => {
    let other: SecondInstance;
    beforeAll(async () => {
      const { kind, url, sqlitePath } = get();
      other = await startSecondInstance({ kind, url, sqlitePath }, receiver.url, PUBLIC_URL);
    });
    afterAll(async () => {
      await other?.stop();
    });

    it(
      "receive exactly one mail per threshold and recipient, and one audit event per threshold",
      { timeout: 120_000 },
      async () => {
        const base = new Date(Date.UTC(2033, 0, 1));
        const expiresIn = 31 * DAY_MS;
        const made = [
          await personal(owner, unique("Shared pat")),
          await apiKeyFor(owner, unique("Shared key")),
          await authToken(unique("Shared token")),
          await personal(admin, unique("Admin pat")),
        ];
        for (const { id } of made) await dates(id, base, expiresIn, 1);
        // Through every threshold, on the days around each crossing; each day four sweeps race
        // (two in this process, two in the other).
        for (const day of [0, 1, 2, 10, 23, 24, 25, 29, 30, 31, 32, 33]) {
          const now = new Date(base.getTime() + day * DAY_MS + HOUR);
          await Promise.all([sweep(now), other.sweep(now), sweep(now)]);
        }
        const expected: Record<string, string[]> = {
          [made[0]!.name]: [owner.email],
          [made[1]!.name]: [owner.email, admin.email],
          [made[2]!.name]: [apiUser.email, admin.email],
          [made[3]!.name]: [admin.email],
        };
        for (const [name, recipients] of Object.entries(expected)) {
          for (const email of recipients) {
            const subjects = about(name, mailsTo(email)).map(
              (m) => /(expires in \d+ days?|has expired)$/.exec(m.subject)?.[1],
            );
            expect(subjects, `${name} to ${email}`).toEqual([
              "expires in 30 days",
              "expires in 7 days",
              "expires in 1 day",
              "has expired",
            ]);
          }
        }
        expect(receiver.mails).toHaveLength(4 * 6);
        for (const { id } of made) expect((await auditOf(id)).map((row) => row.threshold)).toEqual([30, 7, 1, 0]);
      },
    );
  });
});

// Leak reports against real SQLite and PostgreSQL: what each kind gets, the partner answer, the
// audit row and webhook event, the owner's mail through a real SMTP server, and the refusals.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import type { Db } from "@/lib/db";
import { createMailer } from "@/lib/notices/mailer";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { startSmtpReceiver, type SmtpReceiver } from "@/test/smtp-receiver";
import { startReceiver } from "@/test/webhook-receiver";
import { attemptDelivery, dueDeliveries } from "@/lib/webhooks/deliveries";
import { createEndpoint, deleteEndpoint } from "@/lib/webhooks/endpoints";
import { generateAccountApiKey } from "../account-api-key";
import { createApiKey } from "../api-keys";
import { createAuthToken } from "../auth-tokens";
import { mintSecret } from "../format";
import { createPersonalCredential } from "../personal-credentials";
import { findBySecret } from "../store";
import { isUsable } from "../lifecycle";
import { mailLeakNotices } from "../../notices/leak-mail";
import { receiveLeakReport } from "./report";
import { resetLeakReportLimits, takeLeakReportSlot, LEAK_REPORTS_PER_MINUTE } from "./report-rate-limit";
import { leakReportSchema, MAX_TOKENS_PER_REPORT } from "./report-schema";

const context: RequestContext = { ip: "192.0.2.44", userAgent: "GitHub-Hookshot" };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const report = (token: string, type = "keyward_secret") =>
  leakReportSchema.parse([
    { token, type, url: "https://github.com/octo/app/blob/abc123/config.js", source: "content" },
  ]);

/** A database nobody may touch: any access fails the test. Proves "no look-up". */
const untouchable = new Proxy({} as Db, {
  get(_target, property) {
    throw new Error(`The database was touched (${String(property)})`);
  },
});

describe("a leak report that cannot be a Keyward secret", () => {
  it("is a false positive without any database look-up: malformed, bad checksum, unknown kind, authorization code", async () => {
    const good = mintSecret("pat");
    const badChecksum = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
    const tokens = ["hello", `${good}x`, badChecksum, mintSecret("zz"), mintSecret("ac")];
    const result = await receiveLeakReport(
      untouchable,
      tokens.map((token) => ({ token, type: "t", url: "", source: "" })),
      context,
    );
    expect(result.feedback).toEqual(
      tokens.map((token) => ({ token_hash: sha256(token), token_type: "t", label: "false_positive" })),
    );
    expect(result.notices).toEqual([]);
  });

  it("bounds the report: 1 to the maximum tokens, strings only", () => {
    expect(leakReportSchema.safeParse([]).success).toBe(false);
    const many = Array.from({ length: MAX_TOKENS_PER_REPORT + 1 }, () => ({ token: "x" }));
    expect(leakReportSchema.safeParse(many).success).toBe(false);
    expect(leakReportSchema.safeParse(many.slice(1)).success).toBe(true);
    expect(leakReportSchema.safeParse({ token: "x" }).success).toBe(false);
    expect(leakReportSchema.safeParse([{ token: 42 }]).success).toBe(false);
  });

  it("limits reports per client address, each address on its own", async () => {
    resetLeakReportLimits();
    for (let i = 0; i < LEAK_REPORTS_PER_MINUTE; i++) expect(await takeLeakReportSlot("198.51.100.1")).toBeNull();
    const wait = await takeLeakReportSlot("198.51.100.1");
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await takeLeakReportSlot("198.51.100.2")).toBeNull();
    resetLeakReportLimits();
  });
});

describeEachDatabase("leaked credentials", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let owner: { id: string; email: string; accountId: string };
  let apiUser: { id: string; email: string; accountId: string };
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db, "Leaky Network");
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    owner = { ...(await createTestUser(db, accountId)), accountId };
    apiUser = { ...(await createTestUser(db, accountId, { isApiUser: true })), accountId };
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.mails.length = 0;
  });

  const usable = async (secret: string) => {
    const record = await findBySecret(secret, async () => get().db, false);
    return (
      record !== null &&
      isUsable({ status: record.status, expiresAt: record.expiresAt ? new Date(record.expiresAt) : null })
    );
  };
  const leakEvents = (credentialId: string) =>
    get().db.auditEvent.findMany({ where: { targetId: credentialId, action: "credential.leaked" } });

  it("revokes a reported API credential at once, audits who reported it and where, and answers true_positive", async () => {
    const { db } = get();
    const made = await createPersonalCredential(db, owner, { description: "CI deploy" }, context);
    if (!("created" in made)) throw new Error("expected a credential");
    const { secret, id } = made.created;
    expect(await usable(secret)).toBe(true);

    const result = await receiveLeakReport(db, report(secret, "keyward_api_credential"), context);
    expect(result.feedback).toEqual([
      { token_hash: sha256(secret), token_type: "keyward_api_credential", label: "true_positive" },
    ]);
    expect(await usable(secret)).toBe(false);
    expect((await db.credential.findUniqueOrThrow({ where: { id } })).status).toBe("revoked");

    const [leak] = await leakEvents(id);
    expect(leak).toMatchObject({ actorId: null, actorLabel: "Leak report (content)", ip: "192.0.2.44", accountId });
    const details = JSON.parse(leak!.details!);
    expect(details).toMatchObject({
      source: "content",
      foundAt: "https://github.com/octo/app/blob/abc123/config.js",
      outcome: "revoked",
      owner: owner.email,
    });
    // The secret is nowhere in the audit log: only the hint.
    const everything = JSON.stringify(await db.auditEvent.findMany({ where: { targetId: id } }));
    expect(everything).not.toContain(secret);
    expect(await db.auditEvent.count({ where: { targetId: id, action: "credential.revoked" } })).toBe(1);

    // The owner is told, by name and hint, never the secret.
    expect(result.notices).toHaveLength(1);
    await mailLeakNotices(createMailer(smtp.url, "keyward@example.test"), result.notices, "https://keyward.example");
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual([owner.email]);
    expect(smtp.mails[0]!.subject).toContain("revoked");
    expect(smtp.mails[0]!.text).toContain("CI deploy");
    expect(smtp.mails[0]!.text).toContain("https://github.com/octo/app/blob/abc123/config.js");
    expect(smtp.mails[0]!.text).toContain(`https://keyward.example/credentials/${id}`);
    expect(smtp.mails[0]!.raw).not.toContain(secret);

    // Reported again (another repository): true positive, audited, but no second mail.
    const again = await receiveLeakReport(db, report(secret), context);
    expect(again.feedback[0]!.label).toBe("true_positive");
    expect(again.notices).toEqual([]);
    expect(JSON.parse((await leakEvents(id))[1]!.details!).outcome).toBe("already_unusable");
  });

  it("deactivates an auth token (never revoked), revokes an API key, and keeps the account API key but tells the super admins", async () => {
    const { db } = get();
    const at = await createAuthToken(
      db,
      admin,
      { name: "Sync", apiUserId: apiUser.id, expirationDate: inDays(30) },
      context,
    );
    const key = await createApiKey(db, admin, { name: "Helpdesk", userId: owner.id }, context);
    const ak = await generateAccountApiKey(db, admin, context);
    if (!("created" in at) || !("created" in key)) throw new Error("expected credentials");
    const tokens = [at.created.secret, key.created.secret, ak.secret];
    const result = await receiveLeakReport(
      db,
      leakReportSchema.parse(
        tokens.map((token) => ({ token, type: "keyward", url: "https://gist.github.com/x", source: "gist" })),
      ),
      context,
    );
    expect(result.feedback.map((entry) => entry.label)).toEqual(["true_positive", "true_positive", "true_positive"]);
    expect((await db.credential.findUniqueOrThrow({ where: { id: at.created.id } })).status).toBe("inactive");
    expect((await db.credential.findUniqueOrThrow({ where: { id: key.created.id } })).status).toBe("revoked");
    expect((await db.credential.findUniqueOrThrow({ where: { id: ak.id } })).status).toBe("active");
    expect(result.notices.map((notice) => [notice.action, notice.to])).toEqual([
      ["deactivated", [apiUser.email]],
      ["revoked", [owner.email]],
      ["kept", [admin.email]],
    ]);
    expect(await db.auditEvent.count({ where: { targetId: at.created.id, action: "credential.deactivated" } })).toBe(1);
  });

  it("answers false_positive for a well-formed token Keyward never issued, and changes nothing", async () => {
    const { db } = get();
    const before = await db.auditEvent.count();
    const result = await receiveLeakReport(db, report(mintSecret("pat")), context);
    expect(result.feedback[0]!.label).toBe("false_positive");
    expect(await db.auditEvent.count()).toBe(before);
  });

  it("announces credential.leaked to a subscribed webhook receiver, signed, with where it was found", async () => {
    const { db } = get();
    const receiver = await startReceiver();
    try {
      const rules = { allowLoopback: true, allowPrivate: false };
      const hook = await createEndpoint(
        db,
        admin,
        { url: receiver.url, events: ["credential.leaked"] },
        rules,
        context,
      );
      receiver.secrets = [hook.secret];
      const made = await createPersonalCredential(db, owner, { description: "Leaky" }, context);
      if (!("created" in made)) throw new Error("expected a credential");
      await receiveLeakReport(db, report(made.created.secret), context);
      for (const delivery of await dueDeliveries(db, new Date()))
        await attemptDelivery(db, delivery.id, delivery.attempts, { rules, retryBaseMs: 1_000, random: () => 0.5 });
      expect(receiver.received).toHaveLength(1);
      const [received] = receiver.received;
      expect(received!.verifiedWith).toBe(0);
      expect(received!.payload?.type).toBe("credential.leaked");
      expect(received!.payload?.data.credential).toMatchObject({
        id: made.created.id,
        status: "revoked",
        hint: made.created.hint,
      });
      expect(received!.payload?.data.leak).toEqual({
        source: "content",
        foundAt: "https://github.com/octo/app/blob/abc123/config.js",
        outcome: "revoked",
      });
      expect(received!.body).not.toContain(made.created.secret);
      await deleteEndpoint(db, admin, hook.endpoint.id, context);
    } finally {
      await receiver.close();
    }
  });

  it("revokes once when two reports of the same token race", async () => {
    const { db } = get();
    const made = await createPersonalCredential(db, owner, { description: "Raced" }, context);
    if (!("created" in made)) throw new Error("expected a credential");
    const [first, second] = await Promise.all([
      receiveLeakReport(db, report(made.created.secret), context),
      receiveLeakReport(db, report(made.created.secret), context),
    ]);
    expect([first.feedback[0]!.label, second.feedback[0]!.label]).toEqual(["true_positive", "true_positive"]);
    expect(first.notices.length + second.notices.length).toBe(1);
    expect(await db.auditEvent.count({ where: { targetId: made.created.id, action: "credential.revoked" } })).toBe(1);
  });
});

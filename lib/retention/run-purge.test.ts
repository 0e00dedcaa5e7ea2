import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { listAuditEvents } from "@/lib/audit-log/entries";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { createAuthToken } from "@/lib/credentials/auth-tokens";
import { createPersonalCredential, revokePersonalCredential } from "@/lib/credentials/personal-credentials";
import { exchangePasswordForToken } from "@/lib/credentials/token-exchange";
import { createDb } from "@/lib/db/client";
import { registerClient, rotateClientSecret } from "@/lib/oauth/clients";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { PURGE_LEASE, runPurge } from "./run-purge";

const context: RequestContext = { ip: "192.0.2.44", userAgent: "vitest" };
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

describeEachDatabase("retention job", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let user: { id: string; email: string; accountId: string; password: string };

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    user = { ...(await createTestUser(db, accountId)), accountId };
  });

  async function personalCredential(description: string): Promise<{ id: string; hint: string }> {
    const result = await createPersonalCredential(get().db, user, { description }, context);
    if (!("created" in result)) throw new Error("expected a new credential");
    return result.created;
  }

  async function authTokenExpiring(expiresAt: Date): Promise<{ id: string; hint: string }> {
    const apiUser = await createTestUser(get().db, accountId, { isApiUser: true });
    const result = await createAuthToken(
      get().db,
      admin,
      {
        name: `Token ${randomBytes(3).toString("hex")}`,
        apiUserId: apiUser.id,
        expirationDate: new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10),
      },
      context,
    );
    if (!("created" in result)) throw new Error("expected a new token");
    await get().db.credential.update({ where: { id: result.created.id }, data: { expiresAt } });
    return result.created;
  }

  it("deletes codes, credentials and issuance windows past retention, keeps recent and live ones, keeps every audit row, and drops the auth-token count with its tokens", async () => {
    const { db } = get();
    // Revoked 100 days ago: gone. Revoked 10 days ago: kept. Active and old, never expiring: kept.
    const revokedLongAgo = await personalCredential("revoked long ago");
    await revokePersonalCredential(db, user, revokedLongAgo.id, context);
    await db.credential.update({ where: { id: revokedLongAgo.id }, data: { revokedAt: daysAgo(100) } });
    const revokedRecently = await personalCredential("revoked recently");
    await revokePersonalCredential(db, user, revokedRecently.id, context);
    await db.credential.update({ where: { id: revokedRecently.id }, data: { revokedAt: daysAgo(10) } });
    const activeOld = await personalCredential("active for years");
    await db.credential.update({ where: { id: activeOld.id }, data: { createdAt: daysAgo(900) } });
    // A token exchanged 121 days ago expired 91 days ago (30-day tokens): gone.
    const exchanged = await exchangePasswordForToken(
      db,
      { email: user.email, password: user.password },
      context,
      daysAgo(121),
    );
    if (!exchanged.ok) throw new Error("expected a token");
    // Auth tokens: expired 100 days ago (gone, and the account's count drops), 30 days ago (kept).
    const authOld = await authTokenExpiring(daysAgo(100));
    const authRecent = await authTokenExpiring(daysAgo(30));
    const countBefore = (await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount;
    // An OAuth app's secret rotated with a grace period that ended 95 days ago: the old one is
    // gone; the current one (no expiry) stays. The account API key stays.
    const service = await createTestUser(db, accountId, { isApiUser: true });
    const registered = await registerClient(
      db,
      admin,
      {
        name: "Old app",
        redirectUris: "https://app.example.test/cb",
        grantTypes: ["client_credentials"],
        scopes: ["users:read"],
        serviceUserId: service.id,
        canIntrospect: false,
      },
      context,
    );
    if (!("registered" in registered)) throw new Error("expected an app");
    const clientId = registered.registered.client.id;
    await rotateClientSecret(db, admin, clientId, context, { graceHours: 1, now: daysAgo(95) });
    const secrets = await db.credential.findMany({
      where: { oauthClientId: clientId, kind: "cs" },
      orderBy: { createdAt: "asc" },
      select: { id: true, expiresAt: true },
    });
    const oldSecret = secrets.find((secret) => secret.expiresAt !== null)!;
    const currentSecret = secrets.find((secret) => secret.expiresAt === null)!;
    await db.credential.updateMany({
      where: { oauthClientId: clientId, kind: "cs" },
      data: { createdAt: daysAgo(400) },
    });
    const accountKey = await generateAccountApiKey(db, admin, context);
    // Authorization codes: expired two days ago (gone), expired an hour ago (kept a day for replays).
    const codeBase = {
      clientId,
      userId: user.id,
      redirectUri: "https://app.example.test/cb",
      scopes: "users:read",
      codeChallenge: "x".repeat(43),
    };
    const oldCode = await db.oAuthAuthorizationCode.create({
      data: { ...codeBase, codeHash: randomBytes(16).toString("hex"), expiresAt: daysAgo(2), consumedAt: daysAgo(2) },
    });
    const freshCode = await db.oAuthAuthorizationCode.create({
      data: { ...codeBase, codeHash: randomBytes(16).toString("hex"), expiresAt: new Date(Date.now() - 3_600_000) },
    });
    // Device authorizations: expired two days ago (gone), an hour ago (kept a day).
    const deviceBase = { clientId, scopes: "users:read", status: "denied", userId: user.id };
    const oldDevice = await db.deviceAuthorization.create({
      data: {
        ...deviceBase,
        deviceCodeHash: randomBytes(16).toString("hex"),
        userCodeHash: randomBytes(16).toString("hex"),
        expiresAt: daysAgo(2),
      },
    });
    const freshDevice = await db.deviceAuthorization.create({
      data: {
        ...deviceBase,
        deviceCodeHash: randomBytes(16).toString("hex"),
        userCodeHash: randomBytes(16).toString("hex"),
        expiresAt: new Date(Date.now() - 3_600_000),
      },
    });
    // Issuance windows: ended a minute ago (gone), still open (kept).
    await db.issuanceWindow.createMany({
      data: [
        { key: "tok:spent", count: 3, windowEnd: new Date(Date.now() - 60_000) },
        { key: "tok:open", count: 3, windowEnd: new Date(Date.now() + 60_000) },
      ],
    });
    const openWindowsBefore = await db.issuanceWindow.count({ where: { windowEnd: { gte: new Date() } } });

    const outcome = await runPurge(db, { retentionDays: 90, batchSize: 2 });

    expect(outcome).toEqual({
      ran: true,
      deleted: {
        authorizationCodes: 1,
        credentials: 4,
        issuanceWindows: expect.any(Number),
        signInBuckets: 0,
        webSessions: 0,
        webhookEvents: 0,
        credentialUsage: 0,
        credentialClients: 0,
        deviceAuthorizations: 1,
      },
    });
    expect(await db.deviceAuthorization.findUnique({ where: { id: oldDevice.id } })).toBeNull();
    expect(await db.deviceAuthorization.findUnique({ where: { id: freshDevice.id } })).not.toBeNull();
    const remaining = new Set((await db.credential.findMany({ select: { id: true } })).map((row) => row.id));
    for (const id of [revokedLongAgo.id, authOld.id, oldSecret.id]) expect(remaining.has(id)).toBe(false);
    expect(await db.credential.count({ where: { hint: exchanged.hint } })).toBe(0);
    for (const id of [revokedRecently.id, activeOld.id, authRecent.id, currentSecret.id, accountKey.id])
      expect(remaining.has(id)).toBe(true);
    expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount).toBe(countBefore - 1);
    expect(await db.oAuthAuthorizationCode.findUnique({ where: { id: oldCode.id } })).toBeNull();
    expect(await db.oAuthAuthorizationCode.findUnique({ where: { id: freshCode.id } })).not.toBeNull();
    expect(await db.issuanceWindow.findUnique({ where: { key: "tok:spent" } })).toBeNull();
    expect(await db.issuanceWindow.count({ where: { windowEnd: { gte: new Date() } } })).toBe(openWindowsBefore);

    // The audit log still shows what the deleted credentials were, by their hints.
    const page = await listAuditEvents(db, accountId, {}, null, 200);
    const labels = page.rows.map((row) => `${row.action} ${row.targetLabel}`);
    expect(labels).toContain(`credential.created ${revokedLongAgo.hint}`);
    expect(labels).toContain(`credential.revoked ${revokedLongAgo.hint}`);
    expect(labels).toContain(`auth.token_exchange ${exchanged.hint}`);
    expect(labels).toContain(`credential.created ${authOld.hint}`);

    // The run is audited once, installation-wide, with its counts.
    const runs = await db.auditEvent.findMany({ where: { action: "retention.purged" } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ accountId: null, actorLabel: "system" });
    expect(JSON.parse(runs[0]!.details!)).toMatchObject({ authorizationCodes: 1, credentials: 4, retentionDays: 90 });

    // Nothing left to delete: the run changes nothing and records nothing.
    expect(await runPurge(db, { retentionDays: 90 })).toEqual({
      ran: true,
      deleted: {
        authorizationCodes: 0,
        credentials: 0,
        issuanceWindows: 0,
        signInBuckets: 0,
        webSessions: 0,
        webhookEvents: 0,
        credentialUsage: 0,
        credentialClients: 0,
        deviceAuthorizations: 0,
      },
    });
    expect(await db.auditEvent.count({ where: { action: "retention.purged" } })).toBe(1);

    // A shorter retention period reaches the credentials revoked 10 and expired 30 days ago.
    expect(await runPurge(db, { retentionDays: 7 })).toMatchObject({ ran: true, deleted: { credentials: 2 } });
    expect(await db.credential.count({ where: { id: { in: [revokedRecently.id, authRecent.id] } } })).toBe(0);
    expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount).toBe(countBefore - 2);
    expect(await db.credential.count({ where: { id: { in: [activeOld.id, currentSecret.id, accountKey.id] } } })).toBe(
      3,
    );
  });

  it("an auth token deleted by a super admin while the job deletes it is counted off once", async () => {
    const { db } = get();
    const tokens = await Promise.all(Array.from({ length: 6 }, () => authTokenExpiring(daysAgo(200))));
    const before = (await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount;
    const { changeAuthToken } = await import("@/lib/credentials/auth-tokens");
    await Promise.all([
      runPurge(db, { retentionDays: 90, batchSize: 2 }),
      ...tokens
        .slice(0, 3)
        .map((token) => changeAuthToken(db, admin, token.id, "delete", context).catch(() => undefined)),
    ]);
    expect(await db.credential.count({ where: { id: { in: tokens.map((token) => token.id) } } })).toBe(0);
    expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount).toBe(before - 6);
    expect(await db.credential.count({ where: { accountId, kind: "at" } })).toBe(
      (await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount,
    );
  });

  it("two instances starting a run at once: one runs, the other skips, and every row is deleted once", async () => {
    const database = get();
    const second = await createDb(database);
    try {
      const before = await database.db.auditEvent.count({ where: { action: "retention.purged" } });
      const spent = new Date(Date.now() - 60_000);
      await database.db.issuanceWindow.createMany({
        data: Array.from({ length: 1500 }, (_, i) => ({ key: `burst:${i}`, count: 1, windowEnd: spent })),
      });
      const spentBefore = await database.db.issuanceWindow.count({ where: { windowEnd: { lt: new Date() } } });
      const outcomes = await Promise.all([
        runPurge(database.db, { retentionDays: 90, batchSize: 100 }),
        runPurge(second, { retentionDays: 90, batchSize: 100 }),
      ]);
      expect(outcomes.filter((outcome) => outcome.ran)).toHaveLength(1);
      expect(outcomes.filter((outcome) => !outcome.ran)).toHaveLength(1);
      const ran = outcomes.find((outcome) => outcome.ran)!;
      expect(ran.ran && ran.deleted.issuanceWindows).toBe(spentBefore);
      expect(await database.db.issuanceWindow.count({ where: { key: { startsWith: "burst:" } } })).toBe(0);
      expect(await database.db.auditEvent.count({ where: { action: "retention.purged" } })).toBe(before + 1);
      // The lease is released afterwards: the next run runs.
      expect((await runPurge(second, { retentionDays: 90 })).ran).toBe(true);
    } finally {
      await second.$disconnect();
    }
  });

  it("skips while another holder's lease is unexpired, and takes over a lease that lapsed", async () => {
    const { db } = get();
    await db.jobLease.create({
      data: { name: PURGE_LEASE, holder: "other-instance", expiresAt: new Date(Date.now() + 60_000) },
    });
    await db.issuanceWindow.create({ data: { key: "held:1", count: 1, windowEnd: new Date(Date.now() - 1000) } });
    expect(await runPurge(db, { retentionDays: 90 })).toEqual({ ran: false });
    expect(await db.issuanceWindow.count({ where: { key: "held:1" } })).toBe(1);
    await db.jobLease.update({ where: { name: PURGE_LEASE }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await runPurge(db, { retentionDays: 90 })).toMatchObject({ ran: true, deleted: { issuanceWindows: 1 } });
    expect(await db.jobLease.count()).toBe(0);
  });
});

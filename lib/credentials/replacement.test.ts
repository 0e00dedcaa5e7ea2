import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { actorOf, type RequestContext } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { createApiKey } from "./api-keys";
import { createAuthToken } from "./auth-tokens";
import { CredentialRuleError } from "./errors";
import { calendarDay, DAY_MS, daysFromToday } from "./expiry-days";
import { expiringForUser, expiringInAccount } from "./expiring";
import { updateExpiryPolicies } from "./expiry-policy";
import { hashSecret } from "./hash";
import { organizationData } from "@/lib/organizations/rows";
import { isUsable } from "./lifecycle";
import { createPersonalCredential, listPersonalCredentials } from "./personal-credentials";
import { replaceCredential, replacementOffer } from "./replacement";

const context: RequestContext = { ip: "198.51.100.13", userAgent: "vitest" };
const day = (days: number) => calendarDay(daysFromToday(days, new Date()));

async function refusal(promise: Promise<unknown>): Promise<CredentialRuleError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CredentialRuleError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

type Person = { id: string; email: string; accountId: string; role: "super_admin" | "network_user" };

describeEachDatabase("Create replacement and expiring soon", (get) => {
  let accountId: string;
  let admin: Person;
  let user: Person;
  let colleague: Person;
  let otherAdmin: Person;
  let apiUser: { id: string; email: string };

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    const otherAccountId = await createAccount(db, "Other Network");
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    user = { ...(await createTestUser(db, accountId)), accountId, role: "network_user" };
    colleague = { ...(await createTestUser(db, accountId)), accountId, role: "network_user" };
    otherAdmin = {
      ...(await createTestUser(db, otherAccountId, { role: "super_admin" })),
      accountId: otherAccountId,
      role: "super_admin",
    };
    apiUser = await createTestUser(db, accountId, { isApiUser: true });
  });

  async function personal(description: string, expirationDate?: string) {
    const result = await createPersonalCredential(get().db, user, { description, expirationDate }, context);
    if (!("created" in result)) throw new Error("expected a credential");
    return result.created;
  }

  it("replaces a personal credential: same name and user, new secret and date, the old one still works and says by whom", async () => {
    const { db } = get();
    const old = await personal("Nightly export", day(5));
    const offer = await replacementOffer(db, user, old.id);
    // Default: the original's lifetime (5 days) counted from today.
    expect(offer).toMatchObject({
      id: old.id,
      name: "Nightly export",
      hint: old.hint,
      defaultDay: day(5),
      dateRequired: false,
    });
    const result = await replaceCredential(
      db,
      user,
      old.id,
      { expirationDate: day(20), requestId: randomUUID() },
      context,
    );
    if (!("replaced" in result)) throw new Error("expected a replacement");
    const fresh = result.replaced;
    expect(fresh.secret).not.toBe(old.secret);
    expect(fresh.expiresAt?.toISOString()).toBe(`${day(20)}T00:00:00.000Z`);
    const [oldRow, newRow] = await Promise.all([
      db.credential.findUniqueOrThrow({ where: { id: old.id } }),
      db.credential.findUniqueOrThrow({ where: { id: fresh.id }, omit: { secretHash: false } }),
    ]);
    expect(oldRow).toMatchObject({ replacedById: fresh.id, status: "active" });
    expect(oldRow.expiresAt?.toISOString()).toBe(`${day(5)}T00:00:00.000Z`);
    expect(isUsable(oldRow)).toBe(true);
    expect(newRow).toMatchObject({
      userId: user.id,
      name: "Nightly export",
      kind: "pat",
      secretHash: hashSecret(fresh.secret),
    });
    const audit = await db.auditEvent.findMany({ where: { action: "credential.replaced", targetId: old.id } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details ?? "{}")).toMatchObject({ newId: fresh.id, newHint: fresh.hint });
    const list = await listPersonalCredentials(db, user.id, 1);
    expect(list.rows.find((row) => row.id === old.id)?.replacedBy).toEqual({ id: fresh.id, hint: fresh.hint });
    // Replaced once is enough.
    const again = await refusal(
      replaceCredential(db, user, old.id, { expirationDate: day(20), requestId: randomUUID() }, context),
    );
    expect(again.message).toMatch(/already been replaced/);
  });

  it("offers the original's lifetime in calendar days, whatever the hour it was made at", async () => {
    const { db } = get();
    // Made at 12:13 UTC, expiring at 00:00 UTC seven days on: 6.49 days of hours, 7 days of dates.
    const madeAt = new Date("2031-03-10T12:13:00.000Z");
    const old = await personal("Made after noon", "2031-03-17");
    await db.credential.update({ where: { id: old.id }, data: { createdAt: madeAt } });
    const offer = await replacementOffer(db, user, old.id, new Date("2031-03-12T18:00:00.000Z"));
    expect(offer.defaultDay).toBe("2031-03-19");
  });

  it("gives the replacement the original's narrowing: the same scopes and the same chosen advertisers, never all of them", async () => {
    const { db } = get();
    const chosen = await db.advertiser.create({
      data: organizationData(accountId, `R${randomUUID().slice(0, 8)}`, `Replacement Chosen ${randomUUID()}`),
    });
    const created = await createPersonalCredential(
      db,
      user,
      {
        description: "Narrowed nightly export",
        expirationDate: day(3),
        narrowing: {
          levels: { advertisers: "read", publishers: "none", users: "none", data: "none" },
          advertisers: [chosen.id],
          publishers: null,
        },
      },
      context,
    );
    if (!("created" in created)) throw new Error("expected a credential");
    const result = await replaceCredential(
      db,
      user,
      created.created.id,
      { expirationDate: day(10), requestId: randomUUID() },
      context,
    );
    if (!("replaced" in result)) throw new Error("expected a replacement");
    const narrowingOf = (id: string) =>
      db.credential.findUniqueOrThrow({
        where: { id },
        select: {
          scopes: true,
          onlyChosenAdvertisers: true,
          onlyChosenPublishers: true,
          grants: { select: { advertiserId: true, publisherId: true } },
        },
      });
    const fresh = await narrowingOf(result.replaced.id);
    expect(fresh).toEqual(await narrowingOf(created.created.id));
    expect(fresh).toEqual({
      scopes: "advertisers:read",
      onlyChosenAdvertisers: true,
      onlyChosenPublishers: false,
      grants: [{ advertiserId: chosen.id, publisherId: null }],
    });
  });

  it("makes ONE replacement out of 20 simultaneous submissions, with the same or different form ids", async () => {
    const { db } = get();
    for (const sameForm of [true, false]) {
      const old = await personal(`Double click ${sameForm}`, day(3));
      const formId = randomUUID();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          replaceCredential(
            db,
            user,
            old.id,
            { expirationDate: day(30), requestId: sameForm ? formId : randomUUID() },
            context,
          ),
        ),
      );
      const made = outcomes.filter((o) => o.status === "fulfilled" && "replaced" in o.value);
      expect(made).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(CredentialRuleError);
        else if ("duplicateOf" in outcome.value) expect(sameForm).toBe(true);
      }
      expect(await db.credential.count({ where: { userId: user.id, name: `Double click ${sameForm}` } })).toBe(2);
      expect(await db.auditEvent.count({ where: { action: "credential.replaced", targetId: old.id } })).toBe(1);
    }
  });

  it("lets only the owner replace a personal credential, and only this account's super admins an auth token or key", async () => {
    const { db } = get();
    const mine = await personal("Mine", day(4));
    // Not even a super admin replaces someone's personal credential; a colleague cannot either.
    for (const stranger of [colleague, admin, otherAdmin]) {
      const refused = await refusal(replacementOffer(db, stranger, mine.id));
      expect(refused.code).toBe("not_found");
      await refusal(
        replaceCredential(db, stranger, mine.id, { expirationDate: day(9), requestId: randomUUID() }, context),
      );
    }
    const token = await createAuthToken(
      db,
      admin,
      { name: "Nightly", apiUserId: apiUser.id, expirationDate: day(2) },
      context,
    );
    const key = await createApiKey(
      db,
      admin,
      { name: "Desk", userId: user.id, expirationDate: day(6), scopes: ["advertisers:read"] },
      context,
    );
    if (!("created" in token) || !("created" in key)) throw new Error("expected credentials");
    for (const id of [token.created.id, key.created.id]) {
      // Another account's super admin, and a plain user (even the key's own user), are refused.
      for (const stranger of [otherAdmin, user]) {
        const refused = await refusal(
          replaceCredential(db, stranger, id, { expirationDate: day(9), requestId: randomUUID() }, context),
        );
        expect(refused.code).toBe("not_found");
      }
      expect(await db.credential.findUniqueOrThrow({ where: { id } })).toMatchObject({ replacedById: null });
    }
    const tokenCount = (await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount;
    const newToken = await replaceCredential(
      db,
      admin,
      token.created.id,
      { expirationDate: day(9), requestId: randomUUID() },
      context,
    );
    const newKey = await replaceCredential(
      db,
      admin,
      key.created.id,
      { expirationDate: day(9), requestId: randomUUID() },
      context,
    );
    if (!("replaced" in newToken) || !("replaced" in newKey)) throw new Error("expected replacements");
    expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount).toBe(tokenCount + 1);
    expect(await db.credential.findUniqueOrThrow({ where: { id: newKey.replaced.id } })).toMatchObject({
      userId: user.id,
      scopes: "advertisers:read",
      name: "Desk",
    });
    // An auth token always has a date.
    const other = await createAuthToken(
      db,
      admin,
      { name: "Dated", apiUserId: apiUser.id, expirationDate: day(2) },
      context,
    );
    if (!("created" in other)) throw new Error("expected a token");
    const noDate = await refusal(
      replaceCredential(db, admin, other.created.id, { expirationDate: "", requestId: randomUUID() }, context),
    );
    expect(noDate.field).toBe("expirationDate");
  });

  it("caps the replacement's date by the policy: the default, and a chosen date beyond it is refused", async () => {
    const { db } = get();
    const old = await personal("Quarterly", day(90));
    await updateExpiryPolicies(db, accountId, { pat: 30, at: null, key: null }, actorOf(admin), context);
    try {
      const offer = await replacementOffer(db, user, old.id);
      expect(offer).toMatchObject({ defaultDay: day(30), latestDay: day(30), maxDays: 30 });
      const refused = await refusal(
        replaceCredential(db, user, old.id, { expirationDate: day(31), requestId: randomUUID() }, context),
      );
      expect(refused.field).toBe("expirationDate");
      const never = await refusal(
        replaceCredential(db, user, old.id, { expirationDate: "", requestId: randomUUID() }, context),
      );
      expect(never.field).toBe("expirationDate");
      expect(await db.credential.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ replacedById: null });
    } finally {
      await updateExpiryPolicies(db, accountId, { pat: null, at: null, key: null }, actorOf(admin), context);
    }
  });

  it("finds the credentials expiring within 7 days that are still usable, soonest first, for the user and the account", async () => {
    const { db } = get();
    const now = new Date();
    const soon = await personal("Soon", day(2));
    const later = await personal("Later", day(20));
    const never = await personal("Never");
    const revoked = await personal("Revoked soon", day(3));
    await db.credential.update({ where: { id: revoked.id }, data: { status: "revoked" } });
    // Already expired: not "soon", it is over.
    const expired = await personal("Expired", day(2));
    await db.credential.update({ where: { id: expired.id }, data: { expiresAt: new Date(now.getTime() - DAY_MS) } });
    const mine = await expiringForUser(db, user.id, now);
    const ids = mine.map((row) => row.id);
    expect(ids).toContain(soon.id);
    for (const absent of [later.id, never.id, revoked.id, expired.id]) expect(ids).not.toContain(absent);
    const sorted = mine.map((row) => row.expiresAt.getTime());
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    expect(mine.find((row) => row.id === soon.id)?.replacementPath).toBe(
      `/integrations/invoca-apis?replace=${soon.id}`,
    );
    const account = await expiringInAccount(db, accountId, now);
    expect(account.map((row) => row.id)).toContain(soon.id);
    expect(account.every((row) => row.expiresAt.getTime() > now.getTime())).toBe(true);
    expect(await expiringInAccount(db, otherAdmin.accountId, now)).toEqual([]);
    // The list filter is the same rule.
    const filtered = await listPersonalCredentials(db, user.id, 1, undefined, now, { expiringSoon: true });
    expect(filtered.rows.map((row) => row.id)).toContain(soon.id);
    expect(filtered.rows.map((row) => row.id)).not.toContain(later.id);
    expect(filtered.rows.every((row) => row.expiringSoon)).toBe(true);
  });
});

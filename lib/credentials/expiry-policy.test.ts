import { beforeAll, expect, it } from "vitest";
import { actorOf, type RequestContext } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { createApiKey } from "./api-keys";
import { createAuthToken } from "./auth-tokens";
import { CredentialRuleError } from "./errors";
import { calendarDay, daysFromToday } from "./expiry-days";
import { expiryPoliciesFromForm, readExpiryPolicies, updateExpiryPolicies } from "./expiry-policy";
import { createPersonalCredential } from "./personal-credentials";

const context: RequestContext = { ip: "198.51.100.12", userAgent: "vitest" };
const day = (days: number) => calendarDay(daysFromToday(days, new Date()));

async function refusal(promise: Promise<unknown>): Promise<CredentialRuleError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CredentialRuleError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

it("reads the settings form: none, presets, custom days; a bad custom number is a field error", () => {
  const form = (values: Record<string, string>) => expiryPoliciesFromForm((name) => values[name] ?? "");
  expect(form({ patChoice: "30", atChoice: "none", keyChoice: "custom", keyDays: "45" })).toEqual({
    ok: true,
    policies: { pat: 30, at: null, key: 45 },
  });
  expect(form({ patChoice: "custom", patDays: "0" })).toMatchObject({
    ok: false,
    errors: { patDays: [expect.any(String)] },
  });
  expect(form({ atChoice: "custom", atDays: "twelve" })).toMatchObject({
    ok: false,
    errors: { atDays: [expect.any(String)] },
  });
  expect(form({ keyChoice: "custom", keyDays: "99999" })).toMatchObject({ ok: false });
});

describeEachDatabase("expiry policies", (get) => {
  let accountId: string;
  let otherAccountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let otherAdmin: { id: string; email: string; accountId: string; role: "super_admin" };
  let user: { id: string; email: string; accountId: string };
  let apiUser: { id: string; email: string };

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    otherAccountId = await createAccount(db, "Other Network");
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    otherAdmin = {
      ...(await createTestUser(db, otherAccountId, { role: "super_admin" })),
      accountId: otherAccountId,
      role: "super_admin",
    };
    user = { ...(await createTestUser(db, accountId)), accountId };
    apiUser = await createTestUser(db, accountId, { isApiUser: true });
  });

  it("is per account: saving one account's policy leaves another's alone, and is audited in that account", async () => {
    const { db } = get();
    expect(await readExpiryPolicies(db, accountId)).toEqual({ pat: null, at: null, key: null });
    await updateExpiryPolicies(db, otherAccountId, { pat: 7, at: 7, key: 7 }, actorOf(otherAdmin), context);
    expect(await readExpiryPolicies(db, accountId)).toEqual({ pat: null, at: null, key: null });
    await updateExpiryPolicies(db, accountId, { pat: 30, at: 60, key: null }, actorOf(admin), context);
    expect(await readExpiryPolicies(db, accountId)).toEqual({ pat: 30, at: 60, key: null });
    expect(await readExpiryPolicies(db, otherAccountId)).toEqual({ pat: 7, at: 7, key: 7 });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { accountId, action: "settings.updated", targetLabel: "expiry policy" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit.actorId).toBe(admin.id);
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ "API credential": "no maximum → at most 30 days" });
    expect(await db.auditEvent.count({ where: { accountId: otherAccountId, actorId: admin.id } })).toBe(0);
  });

  it("refuses, next to the Expiration Date, a date beyond the maximum or none at all; a date within it is issued", async () => {
    const { db } = get();
    // 30-day policy for personal API credentials (set by the test above).
    await updateExpiryPolicies(db, accountId, { pat: 30, at: 60, key: 90 }, actorOf(admin), context);
    const beyond = await refusal(
      createPersonalCredential(db, user, { description: "Too long", expirationDate: day(31) }, context),
    );
    expect(beyond.field).toBe("expirationDate");
    expect(beyond.message).toContain(day(30));
    const never = await refusal(createPersonalCredential(db, user, { description: "Forever" }, context));
    expect(never.field).toBe("expirationDate");
    const ok = await createPersonalCredential(db, user, { description: "Weekly", expirationDate: day(7) }, context);
    if (!("created" in ok)) throw new Error("expected a credential");
    expect(ok.created.expiresAt?.toISOString()).toBe(`${day(7)}T00:00:00.000Z`);
    const edge = await createPersonalCredential(db, user, { description: "Edge", expirationDate: day(30) }, context);
    expect("created" in edge).toBe(true);

    const tokenRefused = await refusal(
      createAuthToken(db, admin, { name: "t", apiUserId: apiUser.id, expirationDate: day(61) }, context),
    );
    expect(tokenRefused.field).toBe("expirationDate");
    const keyNever = await refusal(
      createApiKey(db, admin, { name: "k", userId: user.id, expirationDate: "" }, context),
    );
    expect(keyNever.field).toBe("expirationDate");
    expect(await db.credential.count({ where: { accountId, name: { in: ["Too long", "Forever", "t", "k"] } } })).toBe(
      0,
    );
  });

  it("keeps the dates of credentials created before a policy, and lets a removed policy allow 'never' again", async () => {
    const { db } = get();
    await updateExpiryPolicies(db, accountId, { pat: null, at: null, key: null }, actorOf(admin), context);
    const before = await createPersonalCredential(db, user, { description: "Older, never expires" }, context);
    if (!("created" in before)) throw new Error("expected a credential");
    await updateExpiryPolicies(db, accountId, { pat: 7, at: null, key: null }, actorOf(admin), context);
    expect(await db.credential.findUniqueOrThrow({ where: { id: before.created.id } })).toMatchObject({
      expiresAt: null,
      status: "active",
    });
    await updateExpiryPolicies(db, accountId, { pat: null, at: null, key: null }, actorOf(admin), context);
    const after = await createPersonalCredential(db, user, { description: "Never again allowed" }, context);
    expect("created" in after).toBe(true);
  });

  it("refuses a past or present date for a personal credential, as for the other kinds", async () => {
    const past = await refusal(
      createPersonalCredential(get().db, user, { description: "Yesterday", expirationDate: day(0) }, context),
    );
    expect(past.field).toBe("expirationDate");
  });
});

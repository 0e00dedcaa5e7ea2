import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { generateAccountApiKey } from "./account-api-key";
import { listAccountCredentials } from "./all-credentials";
import { createApiKey } from "./api-keys";
import { createAuthToken } from "./auth-tokens";
import { bulkChangeCredentials, bulkChangeSchema, describeKinds } from "./bulk-change";
import { CredentialRuleError } from "./errors";
import { createPersonalCredential } from "./personal-credentials";

const context: RequestContext = { ip: "198.51.100.50", userAgent: "vitest" };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const DAY = 86_400_000;

it("names what a selection holds by kind", () => {
  expect(describeKinds([{ kindLabel: "API key" }, { kindLabel: "Auth token" }, { kindLabel: "API key" }])).toBe(
    "2 API keys, 1 Auth token",
  );
});

it("refuses an empty selection, a made-up id format, and more than a page", () => {
  expect(bulkChangeSchema.safeParse({ operation: "revoke", ids: [] }).success).toBe(false);
  expect(bulkChangeSchema.safeParse({ operation: "revoke", ids: ["a b"] }).success).toBe(false);
  expect(bulkChangeSchema.safeParse({ operation: "delete", ids: ["a"] }).success).toBe(false);
  expect(
    bulkChangeSchema.safeParse({ operation: "revoke", ids: Array.from({ length: 51 }, (_, i) => `c${i}`) }).success,
  ).toBe(false);
  expect(bulkChangeSchema.parse({ operation: "revoke", ids: ["a", "a"] }).ids).toEqual(["a"]);
});

describeEachDatabase("bulk deactivate and revoke, and the unused filter", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let user: { id: string; email: string; accountId: string };
  let apiUserId: string;
  let strangersId: string;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    user = { ...(await createTestUser(db, accountId)), accountId };
    apiUserId = (await createTestUser(db, accountId, { isApiUser: true })).id;
    await generateAccountApiKey(db, admin, context);
    const elsewhere = await createAccount(db, "Elsewhere");
    const stranger = await createTestUser(db, elsewhere);
    const theirs = await createPersonalCredential(
      db,
      { ...stranger, accountId: elsewhere },
      { description: "Theirs" },
      context,
    );
    if (!("created" in theirs)) throw new Error("expected a credential");
    strangersId = theirs.created.id;
  });

  async function pat(description: string) {
    const made = await createPersonalCredential(get().db, user, { description }, context);
    if (!("created" in made)) throw new Error("expected a credential");
    return made.created.id;
  }
  async function key(name: string) {
    const made = await createApiKey(get().db, admin, { name, userId: user.id }, context);
    if (!("created" in made)) throw new Error("expected a credential");
    return made.created.id;
  }
  async function token(name: string) {
    const made = await createAuthToken(get().db, admin, { name, apiUserId, expirationDate: inDays(30) }, context);
    if (!("created" in made)) throw new Error("expected a credential");
    return made.created.id;
  }
  async function auditCount(targetId: string, action: string) {
    return get().db.auditEvent.count({ where: { targetId, action } });
  }

  it("revokes what each kind lets a super admin revoke, skips the rest with the reason, and ignores another account's id", async () => {
    const { db } = get();
    const ids = { pat: await pat("Bulk one"), key: await key("Bulk two"), at: await token("Bulk three") };
    const accountKey = await db.credential.findFirstOrThrow({ where: { accountId, kind: "ak" } });
    const result = await bulkChangeCredentials(
      db,
      admin,
      { operation: "revoke", ids: [ids.pat, ids.key, ids.at, accountKey.id, strangersId] },
      context,
    );
    expect(result.changed.map((item) => item.id).sort()).toEqual([ids.pat, ids.key].sort());
    expect(result.skipped.map((item) => [item.id, item.reason]).sort()).toEqual(
      [
        [ids.at, "Auth tokens are deactivated or deleted under My Account → API Access."],
        [accountKey.id, "The account API key is never revoked or changed."],
      ].sort(),
    );
    expect(result.unknown).toBe(1);
    // Another account's credential is untouched and nothing about it was written here.
    expect((await db.credential.findUniqueOrThrow({ where: { id: strangersId } })).status).toBe("active");
    expect(await auditCount(strangersId, "credential.revoked")).toBe(0);
    for (const id of [ids.pat, ids.key]) {
      expect((await db.credential.findUniqueOrThrow({ where: { id } })).status).toBe("revoked");
      expect(await auditCount(id, "credential.revoked")).toBe(1);
    }
    expect((await db.credential.findUniqueOrThrow({ where: { id: ids.at } })).status).toBe("active");

    // Again: already revoked, so skipped with its state, and no second event.
    const again = await bulkChangeCredentials(db, admin, { operation: "revoke", ids: [ids.pat] }, context);
    expect(again.changed).toEqual([]);
    expect(again.skipped[0]?.reason).toBe("It is revoked.");
    expect(await auditCount(ids.pat, "credential.revoked")).toBe(1);
  });

  it("deactivates only auth tokens, which are the kind that can be deactivated", async () => {
    const { db } = get();
    const at = await token("Deactivate me");
    const p = await pat("Cannot be deactivated");
    const result = await bulkChangeCredentials(db, admin, { operation: "deactivate", ids: [at, p] }, context);
    expect(result.changed.map((item) => item.id)).toEqual([at]);
    expect(result.skipped).toMatchObject([{ id: p, reason: expect.stringMatching(/cannot be deactivated/) }]);
    expect((await db.credential.findUniqueOrThrow({ where: { id: at } })).status).toBe("inactive");
    expect((await db.credential.findUniqueOrThrow({ where: { id: p } })).status).toBe("active");
    expect(await auditCount(at, "credential.deactivated")).toBe(1);
  });

  it("records one revocation per credential when two bulk revokes run at once", async () => {
    const { db } = get();
    const ids = [await pat("Race one"), await key("Race two"), await pat("Race three")];
    const results = await Promise.all([
      bulkChangeCredentials(db, admin, { operation: "revoke", ids }, context),
      bulkChangeCredentials(db, admin, { operation: "revoke", ids: [...ids].reverse() }, context),
    ]);
    // Between them every credential was revoked exactly once.
    expect(results.flatMap((result) => result.changed.map((item) => item.id)).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await auditCount(id, "credential.revoked")).toBe(1);
  });

  it("refuses anyone but a super admin", async () => {
    const { db } = get();
    const p = await pat("Mine");
    await expect(
      bulkChangeCredentials(db, { ...user, role: "network_user" }, { operation: "revoke", ids: [p] }, context),
    ).rejects.toBeInstanceOf(CredentialRuleError);
    expect((await db.credential.findUniqueOrThrow({ where: { id: p } })).status).toBe("active");
  });

  it("filters credentials never used, or last used more than N days ago", async () => {
    const { db } = get();
    const now = new Date();
    const never = await pat("Never used");
    const old = await pat("Used long ago");
    const recent = await pat("Used lately");
    await db.credential.update({ where: { id: old }, data: { lastUsedAt: new Date(now.getTime() - 61 * DAY) } });
    await db.credential.update({ where: { id: recent }, data: { lastUsedAt: new Date(now.getTime() - 29 * DAY) } });
    const unused = async (days: 30 | 60 | 90) =>
      (await listAccountCredentials(db, accountId, { unused: days, kind: "pat" }, 1, 100, now)).rows.map(
        (row) => row.id,
      );
    expect(await unused(30)).toEqual(expect.arrayContaining([never, old]));
    expect(await unused(30)).not.toContain(recent);
    expect(await unused(60)).toEqual(expect.arrayContaining([never, old]));
    expect(await unused(90)).toContain(never);
    expect(await unused(90)).not.toContain(old);
    // Combined with another window filter, both apply.
    const both = await listAccountCredentials(db, accountId, { unused: 30, expiring: "soon" }, 1, 100, now);
    expect(both.rows.map((row) => row.id)).not.toContain(never);
  });
});

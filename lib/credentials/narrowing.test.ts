import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { NO_REQUEST, type RequestContext } from "@/lib/audit";
import { hasScope } from "@/lib/access/privileges";
import type { Db } from "@/lib/db";
import { deleteOrganization } from "@/lib/organizations/delete";
import { OrganizationError } from "@/lib/organizations/errors";
import type { Member } from "@/lib/organizations/reach";
import { listOrganizations, readOrganization } from "@/lib/organizations/read";
import { organizationData } from "@/lib/organizations/rows";
import { putOrganization, type WrittenBy } from "@/lib/organizations/write";
import type { Narrowing } from "@/lib/validations/narrowing";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { createAuthToken } from "./auth-tokens";
import { CredentialRuleError } from "./errors";
import { hashSecret } from "./hash";
import { listPersonalCredentials, createPersonalCredential } from "./personal-credentials";
import { loadCredentialRecord } from "./record";

const context: RequestContext = { ip: "198.51.100.9", userAgent: "vitest" };
const ALL_READ = { advertisers: "read", publishers: "read", users: "read", data: "read" } as const;

describeEachDatabase("narrowed credentials (lib/credentials/narrowing.ts, reach.ts)", (get) => {
  let accountId: string;
  let owner: { id: string; email: string; accountId: string };
  let by: WrittenBy;
  const ids: Record<string, string> = {};

  async function advertiser(key: string, status?: "Archived") {
    const row = await get().db.advertiser.create({
      data: organizationData(accountId, key, `Adv ${key} ${randomBytes(3).toString("hex")}`, status),
    });
    ids[key] = row.id;
    return row.id;
  }

  beforeAll(async () => {
    accountId = await createAccount(get().db);
    const user = await createTestUser(get().db, accountId, { role: "network_user" });
    owner = { id: user.id, email: user.email, accountId };
    by = { actor: { id: user.id, label: user.email, accountId }, context: NO_REQUEST };
    await advertiser("A");
    await advertiser("B");
    await advertiser("OLD", "Archived");
    ids.P = (await get().db.publisher.create({ data: organizationData(accountId, "P", "Pub P") })).id;
  });

  async function create(narrowing: Narrowing, db: Db = get().db) {
    const result = await createPersonalCredential(db, owner, { description: "narrowed", narrowing }, context);
    if (!("created" in result)) throw new Error("expected a new credential");
    return result.created;
  }

  async function memberOfSecret(secret: string): Promise<Member> {
    const record = await loadCredentialRecord(get().db, hashSecret(secret));
    return { accountId, role: "network_user", advertiserId: null, publisherId: null, grant: record!.grant };
  }

  it("left off, a credential has its owner's privileges: no scopes, no grant, one query's record", async () => {
    const created = await create(null);
    const record = await loadCredentialRecord(get().db, hashSecret(created.secret));
    expect(record).toMatchObject({ scopes: null, grant: { advertisers: null, publishers: null } });
    expect(await get().db.credentialGrant.count({ where: { credentialId: created.id } })).toBe(0);
  });

  it("stores the levels as scopes and the chosen advertisers as its grant, with the audit row", async () => {
    const created = await create({
      levels: { ...ALL_READ, publishers: "write" },
      advertisers: [ids.A!],
      publishers: null,
    });
    const record = await loadCredentialRecord(get().db, hashSecret(created.secret));
    expect(record?.scopes).toEqual(["advertisers:read", "publishers:write", "users:read", "data:read"]);
    expect(record?.grant).toEqual({ advertisers: [ids.A], publishers: null });
    const audit = await get().db.auditEvent.findFirstOrThrow({ where: { targetId: created.id } });
    expect(audit.details).toContain("advertisers:read");
    const page = await listPersonalCredentials(get().db, owner.id, 1);
    expect(page.rows.find((row) => row.id === created.id)?.permissions).toBe(
      "advertisers: read (1 chosen), publishers: write, users: read, data: read",
    );
  });

  it("the grant confines lists, reads, writes and deletes; outside it, missing or not, the same refusal", async () => {
    const created = await create({
      levels: { ...ALL_READ, advertisers: "write" },
      advertisers: [ids.A!],
      publishers: null,
    });
    const member = await memberOfSecret(created.secret);
    const listed = await listOrganizations(get().db, member, "advertiser", { page: 1, pageSize: 100 });
    expect(listed.rows.map((row) => row.idFromNetwork)).toEqual(["A"]);
    expect((await readOrganization(get().db, member, "advertiser", "A")).id).toBe(ids.A);

    const refusal = async (work: () => Promise<unknown>) => {
      const error = await work().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OrganizationError);
      expect((error as OrganizationError).reason).toBe("forbidden");
      return (error as OrganizationError).message.replace(/ [A-Z-]+ is not/, " KEY is not");
    };
    const messages = await Promise.all([
      refusal(() => readOrganization(get().db, member, "advertiser", "B")),
      refusal(() => readOrganization(get().db, member, "advertiser", "NOPE")),
      refusal(() => putOrganization(get().db, member, "advertiser", "B", { name: "Taken over" }, by)),
      refusal(() => putOrganization(get().db, member, "advertiser", "NEW-ONE", { name: "Brand new" }, by)),
      refusal(() => deleteOrganization(get().db, member, "advertiser", { key: "B" }, by)),
      refusal(() => deleteOrganization(get().db, member, "advertiser", { key: "NOPE" }, by)),
    ]);
    // One message for all of them: nothing tells whether B exists.
    expect(new Set(messages).size).toBe(1);
    expect(await get().db.advertiser.findUnique({ where: { id: ids.B! } })).not.toBeNull();
    expect(await get().db.advertiser.count({ where: { accountId, idFromNetwork: "NEW-ONE" } })).toBe(0);
    // Inside the grant, a write works.
    const updated = await putOrganization(get().db, member, "advertiser", "A", { name: "Adv A renamed" }, by);
    expect(updated.created).toBe(false);
  });

  it("deleting the last chosen advertiser never widens the credential to all of them", async () => {
    const temp = await advertiser("TEMP");
    const created = await create({ levels: ALL_READ, advertisers: [temp], publishers: null });
    await deleteOrganization(
      get().db,
      { accountId, role: "super_admin", advertiserId: null, publisherId: null },
      "advertiser",
      { key: "TEMP" },
      by,
    );
    expect(await get().db.credentialGrant.count({ where: { credentialId: created.id } })).toBe(0);
    const member = await memberOfSecret(created.secret);
    expect(member.grant).toEqual({ advertisers: [], publishers: null });
    const listed = await listOrganizations(get().db, member, "advertiser", { page: 1, pageSize: 100 });
    expect(listed.total).toBe(0);
    await expect(readOrganization(get().db, member, "advertiser", "A")).rejects.toThrow(/not one of them/);
  });

  it("refuses more than the owner has, next to the field, and writes nothing", async () => {
    const before = await get().db.credential.count({ where: { userId: owner.id } });
    const other = await createAccount(get().db, "Other network");
    const foreign = (await get().db.advertiser.create({ data: organizationData(other, "F", "Foreign") })).id;
    const refused = async (narrowing: Narrowing, field: string) => {
      const error = await create(narrowing).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CredentialRuleError);
      expect((error as CredentialRuleError).field).toBe(field);
    };
    await refused(
      {
        levels: { advertisers: "none", publishers: "none", users: "none", data: "none" },
        advertisers: null,
        publishers: null,
      },
      "permissions",
    );
    await refused({ levels: ALL_READ, advertisers: [foreign], publishers: null }, "chosenAdvertisers");
    await refused({ levels: ALL_READ, advertisers: [ids.OLD!], publishers: null }, "chosenAdvertisers");
    await refused({ levels: ALL_READ, advertisers: [], publishers: null }, "chosenAdvertisers");
    await refused({ levels: ALL_READ, advertisers: null, publishers: [ids.A!] }, "chosenPublishers");

    // An advertiser user's role has no write, and reaches its own advertiser only.
    const adUser = await createTestUser(get().db, accountId, { role: "advertiser_user" });
    const adOwner = { id: adUser.id, email: adUser.email, accountId };
    const asAdUser = (narrowing: Narrowing) =>
      createPersonalCredential(get().db, adOwner, { description: "x", narrowing }, context).then(
        () => null,
        (e: unknown) => (e as CredentialRuleError).field,
      );
    expect(
      await asAdUser({
        levels: { ...ALL_READ, advertisers: "write", publishers: "none" },
        advertisers: null,
        publishers: null,
      }),
    ).toBe("permissions");
    expect(await asAdUser({ levels: { ...ALL_READ, publishers: "read" }, advertisers: null, publishers: null })).toBe(
      "permissions",
    );
    expect(
      await asAdUser({ levels: { ...ALL_READ, publishers: "none" }, advertisers: [ids.A!], publishers: null }),
    ).toBe("chosenAdvertisers");
    expect(await get().db.credential.count({ where: { userId: owner.id } })).toBe(before);
    expect(await get().db.credential.count({ where: { userId: adUser.id } })).toBe(0);
  });

  it("twenty narrowed credentials created at once each get exactly their own grant", async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        create({ levels: ALL_READ, advertisers: i % 2 === 0 ? [ids.A!] : [ids.A!, ids.B!], publishers: [ids.P!] }),
      ),
    );
    for (const [i, credential] of created.entries()) {
      const record = await loadCredentialRecord(get().db, hashSecret(credential.secret));
      expect(record?.grant.advertisers?.length).toBe(i % 2 === 0 ? 1 : 2);
      expect(record?.grant.publishers).toEqual([ids.P]);
    }
  });

  it("an auth token is narrowed within its API user's role, in the creating transaction", async () => {
    const admin = await createTestUser(get().db, accountId, { role: "super_admin" });
    const apiUser = await createTestUser(get().db, accountId, { role: "publisher_user", isApiUser: true });
    const adminActor = { id: admin.id, email: admin.email, accountId, role: "super_admin" as const };
    const expirationDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const input = (narrowing: Narrowing) => ({
      name: `t-${randomBytes(3).toString("hex")}`,
      apiUserId: apiUser.id,
      expirationDate,
      narrowing,
    });
    const countBefore = (await get().db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount;
    await expect(
      createAuthToken(
        get().db,
        adminActor,
        input({
          levels: { ...ALL_READ, publishers: "write", advertisers: "none" },
          advertisers: null,
          publishers: null,
        }),
        context,
      ),
    ).rejects.toMatchObject({ field: "permissions" });
    // Nothing half-written: the counter increment rolled back with the refusal.
    expect((await get().db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount).toBe(countBefore);
    const result = await createAuthToken(
      get().db,
      adminActor,
      input({
        levels: { advertisers: "none", publishers: "none", users: "read", data: "none" },
        advertisers: null,
        publishers: null,
      }),
      context,
    );
    if (!("created" in result)) throw new Error("expected a token");
    const record = await loadCredentialRecord(get().db, hashSecret(result.created.secret));
    expect(record?.scopes).toEqual(["users:read"]);
    const principal = { user: { role: "publisher_user" }, scopes: record!.scopes };
    expect(hasScope(principal, "users:read")).toBe(true);
    expect(hasScope(principal, "publishers:read")).toBe(false);
    expect(hasScope(principal, "data:read")).toBe(false);
  });
});

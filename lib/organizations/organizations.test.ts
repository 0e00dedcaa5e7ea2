// Advertisers and publishers as the network keeps them, on SQLite and PostgreSQL: idempotent
// create-or-update keyed by the network's id (also when 20 requests race to create one), names
// unique regardless of case, who reaches which, and deletes refused while users belong to one.
import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { describeEachDatabase } from "@/test/each-database";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createUser } from "@/lib/users/create-user";
import { createAccount, createTestUser } from "@/test/fixtures";
import { deleteOrganization } from "./delete";
import { OrganizationError } from "./errors";
import type { Member } from "./reach";
import { listOrganizations, readOrganization } from "./read";
import { createOrganization, editOrganization, putOrganization, type WrittenBy } from "./write";

const id = (label: string) => `${label}-${randomBytes(3).toString("hex")}`;

describeEachDatabase("advertisers and publishers of a network", (get) => {
  let accountId: string;
  let admin: Member;
  let by: WrittenBy;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db, "Organizations Network");
    const user = await createTestUser(db, accountId, { role: "super_admin" });
    admin = { accountId, role: "super_admin", advertiserId: null, publisherId: null };
    by = { actor: { id: user.id, label: user.email, accountId }, context: NO_REQUEST };
  });

  async function auditCount(action: string, targetId: string): Promise<number> {
    return get().db.auditEvent.count({ where: { action, targetId } });
  }

  it("the same PUT twice creates once, then changes nothing and audits nothing", async () => {
    const { db } = get();
    const key = id("1111");
    const first = await putOrganization(db, admin, "advertiser", key, { name: `Acme ${key}` }, by);
    expect(first.created).toBe(true);
    expect(first.organization).toMatchObject({ idFromNetwork: key, name: `Acme ${key}`, approvalStatus: "Approved" });
    const again = await putOrganization(db, admin, "advertiser", key, { name: `Acme ${key}` }, by);
    expect(again).toEqual({ created: false, organization: first.organization });
    expect(await auditCount("advertiser.created", first.organization.id)).toBe(1);
    expect(await auditCount("advertiser.updated", first.organization.id)).toBe(0);

    const renamed = await putOrganization(db, admin, "advertiser", key, { name: `Renamed ${key}` }, by);
    expect(renamed).toMatchObject({
      created: false,
      organization: { name: `Renamed ${key}`, approvalStatus: "Approved" },
    });
    const update = await db.auditEvent.findFirstOrThrow({
      where: { action: "advertiser.updated", targetId: first.organization.id },
    });
    expect(JSON.parse(update.details!)).toEqual({ changed: "name", name: `Acme ${key} → Renamed ${key}` });
  });

  it("a status left out keeps the current one, so a rename never un-archives", async () => {
    const { db } = get();
    const key = id("arch");
    await putOrganization(db, admin, "publisher", key, { name: key, approvalStatus: "Archived" }, by);
    const renamed = await putOrganization(db, admin, "publisher", key, { name: `${key} renamed` }, by);
    expect(renamed.organization.approvalStatus).toBe("Archived");
  });

  it("20 requests creating one new id at once leave exactly one, created once", async () => {
    const { db } = get();
    const key = id("race");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => putOrganization(db, admin, "advertiser", key, { name: `Race ${key}` }, by)),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.organization.id)).size).toBe(1);
    expect(await db.advertiser.count({ where: { accountId, idFromNetwork: key } })).toBe(1);
    expect(await auditCount("advertiser.created", results[0]!.organization.id)).toBe(1);
  });

  it("names are unique within the network regardless of case; another network may reuse them", async () => {
    const { db } = get();
    const name = `Bluebird ${id("n")}`;
    const first = await createOrganization(
      db,
      admin,
      "advertiser",
      { idFromNetwork: id("a"), name, approvalStatus: "Approved" },
      by,
    );
    await expect(
      putOrganization(db, admin, "advertiser", id("b"), { name: name.toUpperCase() }, by),
    ).rejects.toMatchObject({ reason: "taken", field: "name" });
    await expect(
      createOrganization(
        db,
        admin,
        "advertiser",
        { idFromNetwork: first.idFromNetwork, name: "Other", approvalStatus: "Approved" },
        by,
      ),
    ).rejects.toMatchObject({ reason: "taken", field: "idFromNetwork" });
    const elsewhere = await createAccount(db, "Elsewhere");
    const otherAdmin = { ...admin, accountId: elsewhere };
    const reused = await putOrganization(db, otherAdmin, "advertiser", first.idFromNetwork, { name }, by);
    expect(reused.created).toBe(true);
    expect(reused.organization.id).not.toBe(first.id);
  });

  it("edit changes the network id too, refusing one another advertiser holds", async () => {
    const { db } = get();
    const a = await createOrganization(
      db,
      admin,
      "advertiser",
      { idFromNetwork: id("e1"), name: id("E1"), approvalStatus: "Applied" },
      by,
    );
    const b = await createOrganization(
      db,
      admin,
      "advertiser",
      { idFromNetwork: id("e2"), name: id("E2"), approvalStatus: "Applied" },
      by,
    );
    await expect(
      editOrganization(
        db,
        admin,
        "advertiser",
        a.id,
        { idFromNetwork: b.idFromNetwork, name: a.name, approvalStatus: "Applied" },
        by,
      ),
    ).rejects.toMatchObject({ reason: "taken", field: "idFromNetwork" });
    const newKey = id("e3");
    const edited = await editOrganization(
      db,
      admin,
      "advertiser",
      a.id,
      { idFromNetwork: newKey, name: a.name, approvalStatus: "Declined" },
      by,
    );
    expect(edited).toMatchObject({ id: a.id, idFromNetwork: newKey, approvalStatus: "Declined" });
    expect((await readOrganization(db, admin, "advertiser", newKey)).id).toBe(a.id);
    // Keyward's own id keeps working where a network id is expected.
    expect((await readOrganization(db, admin, "advertiser", a.id)).idFromNetwork).toBe(newKey);
  });

  it("an advertiser user reads their own advertiser only, by either id, and changes nothing", async () => {
    const { db } = get();
    const own = await createOrganization(
      db,
      admin,
      "advertiser",
      { idFromNetwork: id("own"), name: id("Own"), approvalStatus: "Approved" },
      by,
    );
    const other = await createOrganization(
      db,
      admin,
      "advertiser",
      { idFromNetwork: id("oth"), name: id("Other"), approvalStatus: "Approved" },
      by,
    );
    const member: Member = { accountId, role: "advertiser_user", advertiserId: own.id, publisherId: null };
    expect((await readOrganization(db, member, "advertiser", own.idFromNetwork)).id).toBe(own.id);
    expect((await readOrganization(db, member, "advertiser", own.id)).id).toBe(own.id);
    // Another one and a missing one look the same to them: forbidden, nothing about the network.
    for (const key of [other.idFromNetwork, "does-not-exist"]) {
      await expect(readOrganization(db, member, "advertiser", key)).rejects.toMatchObject({ reason: "forbidden" });
    }
    await expect(readOrganization(db, member, "publisher", "any")).rejects.toMatchObject({ reason: "forbidden" });
    const listed = await listOrganizations(db, member, "advertiser", { page: 1, pageSize: 50 });
    expect(listed.rows.map((row) => row.id)).toEqual([own.id]);
    expect((await listOrganizations(db, member, "publisher", { page: 1, pageSize: 50 })).total).toBe(0);
    await expect(
      putOrganization(db, member, "advertiser", own.idFromNetwork, { name: "Mine now" }, by),
    ).rejects.toMatchObject({
      reason: "forbidden",
    });
    await expect(deleteOrganization(db, member, "advertiser", { key: other.idFromNetwork }, by)).rejects.toBeInstanceOf(
      OrganizationError,
    );
    expect(await db.advertiser.count({ where: { id: { in: [own.id, other.id] } } })).toBe(2);
  });

  it("a network user never reaches another network's advertiser", async () => {
    const { db } = get();
    const elsewhere = await createAccount(db, "Foreign Network");
    const foreignKey = id("foreign");
    const foreign = await putOrganization(
      db,
      { ...admin, accountId: elsewhere },
      "advertiser",
      foreignKey,
      { name: foreignKey },
      by,
    );
    const networkUser: Member = { accountId, role: "network_user", advertiserId: null, publisherId: null };
    for (const key of [foreignKey, foreign.organization.id]) {
      await expect(readOrganization(db, networkUser, "advertiser", key)).rejects.toMatchObject({ reason: "not_found" });
      await expect(deleteOrganization(db, networkUser, "advertiser", { key }, by)).rejects.toMatchObject({
        reason: "not_found",
      });
    }
    // The screens delete by Keyward's id: another network's row is not found that way either.
    await expect(
      deleteOrganization(db, networkUser, "advertiser", { id: foreign.organization.id }, by),
    ).rejects.toMatchObject({ reason: "not_found" });
    await expect(
      editOrganization(
        db,
        networkUser,
        "advertiser",
        foreign.organization.id,
        { idFromNetwork: foreignKey, name: "Taken over", approvalStatus: "Approved" },
        by,
      ),
    ).rejects.toMatchObject({ reason: "not_found" });
    // A PUT of that key creates this network's own, and leaves the other network's alone.
    const mine = await putOrganization(db, networkUser, "advertiser", foreignKey, { name: "Ours" }, by);
    expect(mine.created).toBe(true);
    expect((await db.advertiser.findUniqueOrThrow({ where: { id: foreign.organization.id } })).name).toBe(foreignKey);
  });

  it("delete is refused while users and their credentials belong to it; archived, or empty, it goes", async () => {
    const { db } = get();
    const key = id("busy");
    const busy = await createOrganization(
      db,
      admin,
      "advertiser",
      { idFromNetwork: key, name: id("Busy"), approvalStatus: "Approved" },
      by,
    );
    const user = await db.user.create({
      data: {
        accountId,
        email: `${key}@org.test`,
        name: "Busy User",
        passwordHash: "x",
        role: "advertiser_user",
        status: "active",
        advertiserId: busy.id,
      },
    });
    for (const description of ["one", "two"]) {
      await createPersonalCredential(db, { id: user.id, email: user.email, accountId }, { description }, NO_REQUEST);
    }
    const refusal = await deleteOrganization(db, admin, "advertiser", { key }, by).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ reason: "in_use" });
    expect((refusal as Error).message).toBe(
      `Advertiser ${busy.name} (${key}) still has 1 user and 2 credentials; set its approval status to Archived instead, or move or delete its users first`,
    );
    expect(await db.advertiser.count({ where: { id: busy.id } })).toBe(1);
    expect(await auditCount("advertiser.deleted", busy.id)).toBe(0);

    const archived = await putOrganization(
      db,
      admin,
      "advertiser",
      key,
      { name: busy.name, approvalStatus: "Archived" },
      by,
    );
    expect(archived.organization.approvalStatus).toBe("Archived");

    const idle = await createOrganization(
      db,
      admin,
      "advertiser",
      { idFromNetwork: id("idle"), name: id("Idle"), approvalStatus: "Approved" },
      by,
    );
    expect((await deleteOrganization(db, admin, "advertiser", { id: idle.id }, by)).id).toBe(idle.id);
    expect(await db.advertiser.count({ where: { id: idle.id } })).toBe(0);
    expect(await auditCount("advertiser.deleted", idle.id)).toBe(1);
  });

  it("the list searches names (any case) and network ids (whole), and pages without overlap", async () => {
    const { db } = get();
    const tag = randomBytes(3).toString("hex");
    const network = await createAccount(db, "Search Network");
    const manager: Member = { ...admin, accountId: network };
    for (let n = 0; n < 7; n++) {
      await createOrganization(
        db,
        manager,
        "publisher",
        {
          idFromNetwork: `P${n}${tag}`,
          name: `${n % 2 ? "North" : "South"}wind Media ${n}`,
          approvalStatus: "Approved",
        },
        by,
      );
    }
    const search = async (text: string) =>
      (await listOrganizations(db, manager, "publisher", { search: text, page: 1, pageSize: 50 })).rows.map(
        (row) => row.name,
      );
    expect(await search("NORTHWIND")).toEqual(["Northwind Media 1", "Northwind Media 3", "Northwind Media 5"]);
    expect(await search(`P4${tag}`)).toEqual(["Southwind Media 4"]);
    expect(await search(`P4`)).toEqual([]);
    expect(await search("wind media 6")).toEqual(["Southwind Media 6"]);
    // A LIKE wildcard (and PostgreSQL's LIKE escape) is a character like any other.
    expect(await search("%")).toEqual([]);
    expect(await search("_")).toEqual([]);
    await createOrganization(
      db,
      manager,
      "publisher",
      { idFromNetwork: `W${tag}`, name: "50% Off_Deals \\ Co", approvalStatus: "Approved" },
      by,
    );
    expect(await search("%")).toEqual(["50% Off_Deals \\ Co"]);
    expect(await search("F_D")).toEqual(["50% Off_Deals \\ Co"]);
    expect(await search("\\")).toEqual(["50% Off_Deals \\ Co"]);
    expect(await search("0%")).toEqual(["50% Off_Deals \\ Co"]);
    expect(await search("o_")).toEqual([]);
    const pages = [];
    for (let page = 1; page <= 3; page++) {
      const result = await listOrganizations(db, manager, "publisher", { page, pageSize: 3 });
      expect(result).toMatchObject({ total: 8, pageCount: 3 });
      pages.push(...result.rows.map((row) => row.name));
    }
    expect(pages).toEqual([...pages].sort());
    expect(new Set(pages).size).toBe(8);
  });

  it("a delete racing a new user of the advertiser never leaves a user whose advertiser is gone", async () => {
    const { db } = get();
    for (let round = 0; round < 5; round++) {
      const key = id("racy");
      const racy = await createOrganization(
        db,
        admin,
        "advertiser",
        { idFromNetwork: key, name: key, approvalStatus: "Approved" },
        by,
      );
      const [removal, creation] = await Promise.allSettled([
        deleteOrganization(db, admin, "advertiser", { key }, by),
        createUser(
          db,
          accountId,
          {
            email: `${key}@race.test`,
            name: "Racing User",
            password: "racing password 123",
            role: "advertiser_user",
            status: "active",
            advertiserId: racy.id,
          },
          { ...SYSTEM_ACTOR, accountId },
          NO_REQUEST,
        ),
      ]);
      // Exactly one wins: deleted and no user, or the user and the advertiser both kept.
      expect([removal.status, creation.status].sort(), `round ${round}`).toEqual(["fulfilled", "rejected"]);
      const advertiserLeft = await db.advertiser.count({ where: { id: racy.id } });
      const usersOfIt = await db.user.count({ where: { advertiserId: racy.id } });
      expect({ advertiserLeft, usersOfIt }).toEqual(
        removal.status === "fulfilled" ? { advertiserLeft: 0, usersOfIt: 0 } : { advertiserLeft: 1, usersOfIt: 1 },
      );
    }
  });
});

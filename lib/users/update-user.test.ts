import { beforeAll, expect, it } from "vitest";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { signInWithPassword } from "../auth/sign-in";
import { UserRuleError } from "./errors";
import { updateUser } from "./update-user";

describeEachDatabase("changing a user", (get) => {
  let accountId: string;
  const actor = () => ({ ...SYSTEM_ACTOR, accountId });
  const version = async (id: string) => (await get().db.user.findUniqueOrThrow({ where: { id } })).sessionVersion;

  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  it("ends sessions (bumps the session version) on disable, role, password and API-user changes, not on a rename", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    let expected = await version(user.id);
    await updateUser(db, accountId, user.id, { name: "Renamed" }, actor(), NO_REQUEST);
    expect(await version(user.id)).toBe(expected);
    for (const patch of [
      { status: "disabled" as const },
      { status: "active" as const },
      { role: "super_admin" as const },
      { password: "a brand new password" },
      { isApiUser: true },
    ]) {
      await updateUser(db, accountId, user.id, patch, actor(), NO_REQUEST);
      expected += 1;
      expect(await version(user.id)).toBe(expected);
    }
    const actions = (await db.auditEvent.findMany({ where: { targetId: user.id }, orderBy: { createdAt: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions).toContain("user.api_user_set");
    expect(actions.filter((a) => a === "user.updated")).toHaveLength(5);
  });

  it("makes a changed password the only one that signs in", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    await updateUser(db, accountId, user.id, { password: "the replacement password" }, actor(), NO_REQUEST);
    const ctx = { ip: "203.0.113.50", userAgent: null };
    expect(await signInWithPassword(db, { email: user.email, password: user.password }, ctx)).toMatchObject({
      ok: false,
    });
    expect(
      await signInWithPassword(db, { email: user.email, password: "the replacement password" }, ctx),
    ).toMatchObject({ ok: true });
  });

  it('refuses "Set As API User" for an unverified user and writes nothing', async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId, { status: "unverified" });
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await expect(
      updateUser(db, accountId, user.id, { isApiUser: true, name: "Changed too" }, actor(), NO_REQUEST),
    ).rejects.toThrow(UserRuleError);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
    expect(await db.auditEvent.count({ where: { targetId: user.id, action: { not: "user.created" } } })).toBe(0);
  });

  it("does not reach users of another account", async () => {
    const { db } = get();
    const otherAccount = await createAccount(db, "Other");
    const stranger = await createTestUser(db, otherAccount);
    await expect(updateUser(db, accountId, stranger.id, { status: "disabled" }, actor(), NO_REQUEST)).rejects.toThrow(
      /No such user/,
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: stranger.id } })).status).toBe("active");
  });

  it("refuses a super admin disabling, demoting or making an API user of themself, and writes nothing", async () => {
    const { db } = get();
    const admin = await createTestUser(db, accountId, { role: "super_admin" });
    const self = { id: admin.id, label: admin.email, accountId };
    const before = await db.user.findUniqueOrThrow({ where: { id: admin.id } });
    for (const [patch, field, message] of [
      [{ status: "disabled" }, "status", /cannot change your own status/],
      [{ status: "unverified" }, "status", /cannot change your own status/],
      [{ role: "network_user" }, "role", /cannot change your own role/],
      [{ isApiUser: true, name: "Also renamed" }, "isApiUser", /cannot make yourself an API user/],
    ] as const) {
      const refusal = await updateUser(db, accountId, admin.id, patch, self, NO_REQUEST).catch(
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(UserRuleError);
      expect(refusal).toMatchObject({ field, message: expect.stringMatching(message) });
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toEqual(before);
    expect(await db.auditEvent.count({ where: { targetId: admin.id, action: { not: "user.created" } } })).toBe(0);

    // The edit form sends every field: unchanged status, role and flag with a new name pass.
    await updateUser(
      db,
      accountId,
      admin.id,
      { name: "Me, renamed", status: "active", role: "super_admin", isApiUser: false },
      self,
      NO_REQUEST,
    );
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({
      name: "Me, renamed",
      status: "active",
      role: "super_admin",
      isApiUser: false,
    });

    // Another super admin may do what the admin may not do to themself.
    const other = await createTestUser(db, accountId, { role: "super_admin" });
    await updateUser(
      db,
      accountId,
      admin.id,
      { status: "disabled" },
      { id: other.id, label: other.email, accountId },
      NO_REQUEST,
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).status).toBe("disabled");
  });

  it("refuses a name with an unpaired UTF-16 surrogate instead of storing U+FFFD in its place", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    for (const name of ["Ann \ud800", "\udfff Ann", "Ann \udc00\ud83d"]) {
      await expect(
        updateUser(db, accountId, user.id, { name }, actor(), NO_REQUEST),
        JSON.stringify(name),
      ).rejects.toThrow(/broken character/);
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
    await updateUser(db, accountId, user.id, { name: "Ann 🦊" }, actor(), NO_REQUEST);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Ann 🦊");
  });

  it("drops the advertiser or publisher of a user whose role is changed to one that has none", async () => {
    const { db } = get();
    for (const role of ["advertiser_user", "publisher_user"] as const) {
      const user = await createTestUser(db, accountId, { role });
      await updateUser(db, accountId, user.id, { role: "network_user" }, actor(), NO_REQUEST);
      expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
        role: "network_user",
        advertiserId: null,
        publisherId: null,
      });
    }
  });
});

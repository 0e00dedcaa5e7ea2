// New User with "API user (no sign-in)": an API user made at once, with no password it would
// never use. Nothing typed anywhere a password is checked may match what it stores.
import { beforeAll, expect, it } from "vitest";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { hasNoPassword, verifyPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, uniqueEmail } from "@/test/fixtures";
import { changeOwnPassword } from "./change-own-password";
import { createUser } from "./create-user";

const context = { ip: "192.0.2.44", userAgent: "vitest" };

describeEachDatabase("creating an API user without a password", (get) => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  async function newApiUser() {
    const email = uniqueEmail("api");
    const created = await createUser(
      get().db,
      accountId,
      { email, name: "Nightly sync", role: "network_user", apiUser: true },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    return { ...created, email };
  }

  it("is an API user from the start, audited as one, with a stored value that is no password hash", async () => {
    const { db } = get();
    const user = await newApiUser();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(row).toMatchObject({ isApiUser: true, status: "active" });
    expect(hasNoPassword(row.passwordHash)).toBe(true);
    expect(row.passwordHash.startsWith("$2")).toBe(false);
    // Not even the stored value itself, the empty string or the marker matches it.
    for (const guess of [row.passwordHash, "", "!no-password:", row.passwordHash.slice(13)])
      expect(await verifyPassword(guess, row.passwordHash)).toBe(false);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.created", targetId: user.id } });
    expect(JSON.parse(event.details!)).toMatchObject({ apiUser: true });
  });

  it("cannot sign in, exchange a password for a token, or set a password for itself", async () => {
    const { db } = get();
    const user = await newApiUser();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    for (const password of [row.passwordHash, "anything at all here"]) {
      expect(await signInWithPassword(db, { email: user.email, password }, context)).toEqual({
        ok: false,
        reason: "invalid",
      });
      expect(await signInWithPassword(db, { email: user.email, password }, context, "token_exchange")).toMatchObject({
        ok: false,
      });
    }
    await expect(
      changeOwnPassword(
        db,
        user.id,
        { currentPassword: row.passwordHash, newPassword: "a brand new password" },
        context,
      ),
    ).rejects.toThrow("This account cannot change its password here");
    // Even made an ordinary user again, it has no password until a super admin sets one.
    await db.user.update({ where: { id: user.id }, data: { isApiUser: false } });
    expect(await signInWithPassword(db, { email: user.email, password: row.passwordHash }, context)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
  });

  it("still requires a password for a user who is not an API user", async () => {
    await expect(
      createUser(
        get().db,
        accountId,
        { email: uniqueEmail(), name: "Person", role: "network_user" },
        { ...SYSTEM_ACTOR, accountId },
        NO_REQUEST,
      ),
    ).rejects.toThrow();
  });
});

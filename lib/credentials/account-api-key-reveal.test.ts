import { afterAll, beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { MAX_FAILURES_PER_ACCOUNT } from "@/lib/auth/sign-in-throttle";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser, TEST_PASSWORD } from "@/test/fixtures";
import { findAccountApiKey, generateAccountApiKey } from "./account-api-key";
import { NOT_REVEALABLE_MESSAGE, revealAccountApiKey, WRONG_PASSWORD_MESSAGE } from "./account-api-key-reveal";
import { hashSecret } from "./hash";

const context: RequestContext = { ip: "203.0.113.9", userAgent: "vitest" };

describeEachDatabase("revealing the account API key", (get) => {
  async function newAdmin(accountId: string, role: "super_admin" | "network_user" = "super_admin") {
    const user = await createTestUser(get().db, accountId, { role });
    return { ...user, accountId, role };
  }

  async function accountWithKey() {
    const accountId = await createAccount(get().db);
    const admin = await newAdmin(accountId);
    const key = await generateAccountApiKey(get().db, admin, context);
    return { accountId, admin, key };
  }

  const revealedCount = (db: ReturnType<typeof get>["db"], accountId: string) =>
    db.auditEvent.count({ where: { action: "account.api_key_revealed", accountId } });

  beforeAll(() => undefined);

  it("stores the key sealed beside its HMAC and gives it back, once the password is right; the reveal is audited without the key", async () => {
    const { db } = get();
    const { accountId, admin, key } = await accountWithKey();
    const row = await db.credential.findUniqueOrThrow({
      where: { id: key.id },
      select: { secretHash: true, sealedSecret: true },
    });
    expect(row.secretHash).toBe(hashSecret(key.secret));
    expect(row.sealedSecret).toMatch(/^v1\./);
    expect(row.sealedSecret).not.toContain(key.secret);
    expect(await findAccountApiKey(db, accountId)).toMatchObject({ id: key.id, revealable: true });
    expect(await findAccountApiKey(db, accountId)).not.toHaveProperty("sealedSecret");
    // Like the hash, the sealed copy is left out of every read that does not ask for it.
    expect(await db.credential.findUniqueOrThrow({ where: { id: key.id } })).not.toHaveProperty("sealedSecret");

    const revealed = await revealAccountApiKey(db, admin, TEST_PASSWORD, context);
    expect(revealed).toEqual({ hint: key.hint, secret: key.secret });
    const events = await db.auditEvent.findMany({ where: { action: "account.api_key_revealed", accountId } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.id, targetType: "ak", targetId: key.id, targetLabel: key.hint });
    expect(JSON.stringify(events[0])).not.toContain(key.secret);
    // Every reveal is its own event.
    await revealAccountApiKey(db, admin, TEST_PASSWORD, context);
    expect(await revealedCount(db, accountId)).toBe(2);
  });

  it("a wrong password is a field error, audited as a failed sign-in, and reveals nothing", async () => {
    const { db } = get();
    const { accountId, admin } = await accountWithKey();
    await expect(revealAccountApiKey(db, admin, "not my password", context)).rejects.toMatchObject({
      field: "password",
      message: WRONG_PASSWORD_MESSAGE,
    });
    const failed = await db.auditEvent.findMany({ where: { action: "auth.sign_in_failed", actorId: admin.id } });
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0]!.details!)).toMatchObject({ channel: "reveal_api_key" });
    expect(await revealedCount(db, accountId)).toBe(0);
  });

  it("30 wrong passwords at once get at most the lock-out's 5 checks; then even the right one waits", async () => {
    const { db } = get();
    const { accountId, admin } = await accountWithKey();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => revealAccountApiKey(db, admin, `guess number ${i}`, context)),
    );
    expect(outcomes.every((o) => o.status === "rejected")).toBe(true);
    const messages = outcomes.map((o) => (o as PromiseRejectedResult).reason.message as string);
    expect(messages.filter((m) => m === WRONG_PASSWORD_MESSAGE).length).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    expect(messages.filter((m) => m.startsWith("Too many wrong passwords")).length).toBeGreaterThanOrEqual(
      30 - MAX_FAILURES_PER_ACCOUNT,
    );
    expect(
      await db.auditEvent.count({ where: { action: "auth.sign_in_failed", actorId: admin.id } }),
    ).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    await expect(revealAccountApiKey(db, admin, TEST_PASSWORD, context)).rejects.toMatchObject({
      field: "password",
      message: expect.stringMatching(/^Too many wrong passwords/),
    });
    expect(await revealedCount(db, accountId)).toBe(0);
  }, 60_000);

  it("another account's super admin never gets this account's key, whatever their session claims", async () => {
    const { db } = get();
    const first = await accountWithKey();
    const otherAccountId = await createAccount(get().db);
    const other = await newAdmin(otherAccountId);
    // Their own account has no key yet: nothing to reveal, and not the first account's.
    await expect(revealAccountApiKey(db, other, TEST_PASSWORD, context)).rejects.toMatchObject({ code: "not_found" });
    // A forged actor naming the first account: the user is looked up in that account and is not there.
    await expect(
      revealAccountApiKey(db, { ...other, accountId: first.accountId }, TEST_PASSWORD, context),
    ).rejects.toMatchObject({ code: "forbidden" });
    // Once the other account has its own key, that is the one they get.
    const theirs = await generateAccountApiKey(db, other, context);
    const revealed = await revealAccountApiKey(db, other, TEST_PASSWORD, context);
    expect(revealed.secret).toBe(theirs.secret);
    expect(revealed.secret).not.toBe(first.key.secret);
    expect(await revealedCount(db, first.accountId)).toBe(0);
  });

  it("only a super admin, as they are now: a network user is refused, and so is a super admin demoted since signing in", async () => {
    const { db } = get();
    const { accountId } = await accountWithKey();
    const user = await newAdmin(accountId, "network_user");
    await expect(revealAccountApiKey(db, user, TEST_PASSWORD, context)).rejects.toMatchObject({ code: "forbidden" });
    const demoted = await newAdmin(accountId);
    await db.user.update({ where: { id: demoted.id }, data: { role: "network_user" } });
    await expect(revealAccountApiKey(db, demoted, TEST_PASSWORD, context)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await revealedCount(db, accountId)).toBe(0);
  });

  it("a key generated before the sealed copy existed cannot be revealed, and says so", async () => {
    const { db } = get();
    const { accountId, admin, key } = await accountWithKey();
    await db.credential.update({ where: { id: key.id }, data: { sealedSecret: null } });
    expect(await findAccountApiKey(db, accountId)).toMatchObject({ revealable: false });
    await expect(revealAccountApiKey(db, admin, TEST_PASSWORD, context)).rejects.toMatchObject({
      message: NOT_REVEALABLE_MESSAGE,
    });
    expect(await revealedCount(db, accountId)).toBe(0);
  });

  it("a sealed copy changed in the database, or moved from another account's key, is refused", async () => {
    const { db } = get();
    const one = await accountWithKey();
    const two = await accountWithKey();
    const sealedOf = async (id: string) =>
      (await db.credential.findUniqueOrThrow({ where: { id }, select: { sealedSecret: true } })).sealedSecret!;
    const original = await sealedOf(one.key.id);
    const raw = Buffer.from(original.slice(3), "base64url");
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x80;
    await db.credential.update({
      where: { id: one.key.id },
      data: { sealedSecret: `v1.${raw.toString("base64url")}` },
    });
    await expect(revealAccountApiKey(db, one.admin, TEST_PASSWORD, context)).rejects.toThrow(/integrity check/);
    // Account two's sealed key copied onto account one's row does not open there.
    await db.credential.update({ where: { id: one.key.id }, data: { sealedSecret: await sealedOf(two.key.id) } });
    await expect(revealAccountApiKey(db, one.admin, TEST_PASSWORD, context)).rejects.toThrow(/integrity check/);
    expect(await revealedCount(db, one.accountId)).toBe(0);
  });

  afterAll(() => undefined);
});

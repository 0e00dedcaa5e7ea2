import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser, TEST_PASSWORD } from "@/test/fixtures";
import { signInWithPassword } from "../auth/sign-in";
import { MAX_FAILURES_PER_ACCOUNT } from "../auth/sign-in-throttle";
import { UserRuleError } from "./errors";
import { unlockUser, userLock } from "./unlock-user";

describeEachDatabase("a super admin unlocking a locked-out user", (get) => {
  let accountId: string;
  let otherAccountId: string;
  beforeAll(async () => {
    accountId = await createAccount(get().db);
    otherAccountId = await createAccount(get().db, "Other Network");
  });

  async function lockOut(email: string) {
    const { db } = get();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      await signInWithPassword(
        db,
        { email, password: `wrong-${i}` },
        { ip: `198.51.100.${10 + (i % 2)}`, userAgent: "vitest" },
      );
    }
  }

  it("shows until when and from which addresses, unlocks in one audited step, and the user signs in again", async () => {
    const { db } = get();
    const admin = await createTestUser(db, accountId, { role: "super_admin" });
    const user = await createTestUser(db, accountId);
    await lockOut(user.email);
    const lock = await userLock(db, accountId, user.id);
    expect(lock?.addresses.sort()).toEqual(["198.51.100.10", "198.51.100.11"]);
    expect(lock!.lockedUntil.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(
      await signInWithPassword(
        db,
        { email: user.email, password: TEST_PASSWORD },
        { ip: "198.51.100.12", userAgent: "vitest" },
      ),
    ).toMatchObject({ reason: "throttled" });

    await unlockUser(
      db,
      accountId,
      user.id,
      { id: admin.id, label: admin.email, accountId },
      { ip: "203.0.113.1", userAgent: "vitest" },
    );
    expect(await userLock(db, accountId, user.id)).toBeNull();
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { action: "user.unlocked", targetId: user.id } }),
    ).toMatchObject({ accountId, actorId: admin.id });
    expect(
      await signInWithPassword(
        db,
        { email: user.email, password: TEST_PASSWORD },
        { ip: "198.51.100.12", userAgent: "vitest" },
      ),
    ).toMatchObject({ ok: true });
    await expect(
      unlockUser(
        db,
        accountId,
        user.id,
        { id: admin.id, label: admin.email, accountId },
        { ip: null, userAgent: null },
      ),
    ).rejects.toThrow("not locked");
  });

  it("another account's super admin neither sees the lock nor can lift it", async () => {
    const { db } = get();
    const outsider = await createTestUser(db, otherAccountId, { role: "super_admin" });
    const user = await createTestUser(db, accountId);
    await lockOut(user.email);
    expect(await userLock(db, otherAccountId, user.id)).toBeNull();
    await expect(
      unlockUser(
        db,
        otherAccountId,
        user.id,
        { id: outsider.id, label: outsider.email, accountId: otherAccountId },
        { ip: null, userAgent: null },
      ),
    ).rejects.toThrow(UserRuleError);
    expect(await userLock(db, accountId, user.id)).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: "user.unlocked", targetId: user.id } })).toBe(0);
  });
});

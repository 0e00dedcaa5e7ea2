import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { signInWithPassword } from "../auth/sign-in";
import { MAX_FAILURES_PER_ACCOUNT } from "../auth/sign-in-throttle";
import { changeOwnPassword } from "./change-own-password";
import { UserRuleError } from "./errors";

describeEachDatabase("a user changing their own password", (get) => {
  let accountId: string;
  const ctx = { ip: "203.0.113.60", userAgent: "vitest" };

  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  it("replaces the password, restarts its age, ends sessions and records user.password_changed", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const old = new Date("2020-01-01T00:00:00.000Z");
    await db.user.update({ where: { id: user.id }, data: { passwordChangedAt: old } });
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });

    await changeOwnPassword(db, user.id, { currentPassword: user.password, newPassword: "my fresh new password" }, ctx);

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.passwordChangedAt.getTime()).toBeGreaterThan(old.getTime());
    expect(Date.now() - after.passwordChangedAt.getTime()).toBeLessThan(60_000);
    expect(await signInWithPassword(db, { email: user.email, password: user.password }, ctx)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await signInWithPassword(db, { email: user.email, password: "my fresh new password" }, ctx)).toMatchObject({
      ok: true,
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { targetId: user.id, action: "user.password_changed" },
    });
    expect(event).toMatchObject({ actorId: user.id, actorLabel: user.email, accountId, ip: ctx.ip });
    expect(JSON.stringify(event)).not.toContain("my fresh new password");
  });

  it("refuses a wrong current password, a reused or too short new one, and writes nothing", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    const wrong = await changeOwnPassword(
      db,
      user.id,
      { currentPassword: "not the password", newPassword: "my fresh new password" },
      ctx,
    ).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(UserRuleError);
    expect(wrong).toMatchObject({ field: "currentPassword" });
    const reused = await changeOwnPassword(
      db,
      user.id,
      { currentPassword: user.password, newPassword: user.password },
      ctx,
    ).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(UserRuleError);
    expect(reused).toMatchObject({ field: "newPassword" });
    await expect(
      changeOwnPassword(db, user.id, { currentPassword: user.password, newPassword: "short" }, ctx),
    ).rejects.toThrow();
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } })).toEqual(before);
    expect(await db.auditEvent.count({ where: { targetId: user.id, action: "user.password_changed" } })).toBe(0);
  });

  it("refuses API users and users who are not active", async () => {
    const { db } = get();
    for (const options of [{ isApiUser: true }, { status: "disabled" as const }, { status: "unverified" as const }]) {
      const user = await createTestUser(db, accountId, options);
      await expect(
        changeOwnPassword(db, user.id, { currentPassword: user.password, newPassword: "my fresh new password" }, ctx),
      ).rejects.toThrow(UserRuleError);
    }
  });

  it(`wrong current passwords count as failed sign-ins: after ${MAX_FAILURES_PER_ACCOUNT} the right one is refused too, and so is signing in`, async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const elsewhere = { ip: "203.0.113.61", userAgent: "vitest" };
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      await expect(
        changeOwnPassword(
          db,
          user.id,
          { currentPassword: `guess ${i}`, newPassword: "my fresh new password" },
          elsewhere,
        ),
      ).rejects.toThrow("Your current password is not correct");
    }
    expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed", targetId: user.id } })).toBe(
      MAX_FAILURES_PER_ACCOUNT,
    );
    await expect(
      changeOwnPassword(
        db,
        user.id,
        { currentPassword: user.password, newPassword: "my fresh new password" },
        elsewhere,
      ),
    ).rejects.toThrow(/Too many wrong passwords: try again in \d+ minutes?/);
    expect(await signInWithPassword(db, { email: user.email, password: user.password }, elsewhere)).toMatchObject({
      ok: false,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(0);
  });

  it(`40 concurrent wrong current passwords get at most ${MAX_FAILURES_PER_ACCOUNT} checks; the rest are told to wait`, async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        changeOwnPassword(
          db,
          user.id,
          { currentPassword: `guess ${i}`, newPassword: "my fresh new password" },
          { ip: `203.0.114.${i}`, userAgent: "vitest" },
        ).then(
          () => "changed",
          (error: Error) => error.message,
        ),
      ),
    );
    expect(outcomes.filter((message) => message === "Your current password is not correct").length).toBeLessThanOrEqual(
      MAX_FAILURES_PER_ACCOUNT,
    );
    expect(outcomes.filter((message) => /^Too many wrong passwords/.test(message)).length).toBeGreaterThanOrEqual(
      40 - MAX_FAILURES_PER_ACCOUNT,
    );
  });
});

import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser, TEST_PASSWORD } from "@/test/fixtures";
import { exchangePasswordForToken } from "./token-exchange";

const DAY_MS = 24 * 60 * 60 * 1000;
const context = { ip: "203.0.113.90", userAgent: "vitest" };

describeEachDatabase("the token exchange with a maximum password age", (get) => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  it("refuses an expired password with 403 password_expired, says where to change it, issues nothing and audits it", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const now = new Date();
    await db.user.update({
      where: { id: user.id },
      data: { passwordChangedAt: new Date(now.getTime() - 31 * DAY_MS) },
    });
    const result = await exchangePasswordForToken(db, { email: user.email, password: TEST_PASSWORD }, context, now, 30);
    expect(result).toMatchObject({ ok: false, status: 403, error: "password_expired" });
    expect(result.ok ? "" : result.description).toContain("/account/password");
    expect(await db.credential.count({ where: { userId: user.id } })).toBe(0);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { action: "auth.token_exchange_refused", targetId: user.id } }),
    ).toMatchObject({ accountId, ip: context.ip });
    // Without the password it is the ordinary wrong-password answer: expiry tells nothing.
    expect(
      await exchangePasswordForToken(db, { email: user.email, password: "not it" }, context, now, 30),
    ).toMatchObject({ ok: false, status: 401 });
  });

  it("still exchanges a password younger than the maximum age, and any password when there is none", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const now = new Date();
    await db.user.update({
      where: { id: user.id },
      data: { passwordChangedAt: new Date(now.getTime() - 29 * DAY_MS) },
    });
    expect(
      await exchangePasswordForToken(db, { email: user.email, password: TEST_PASSWORD }, context, now, 30),
    ).toMatchObject({ ok: true });
    expect(
      await exchangePasswordForToken(db, { email: user.email, password: TEST_PASSWORD }, context, now, 0),
    ).toMatchObject({ ok: true });
  });
});

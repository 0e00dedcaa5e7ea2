// bcrypt reads 72 bytes of a password and ignores the rest. Keyward never stores a password
// that long, and refuses one at sign-in and at the token exchange instead of cutting it short.
import { beforeAll, expect, it } from "vitest";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser, uniqueEmail } from "@/test/fixtures";
import { exchangePasswordForToken } from "../credentials/token-exchange";
import { createUser } from "../users/create-user";
import { updateUser } from "../users/update-user";
import { hashPassword } from "./password";
import { signInWithPassword } from "./sign-in";

const context = { ip: "203.0.113.72", userAgent: "vitest" };
const SEVENTY_TWO = "k".repeat(72);

describeEachDatabase("passwords longer than bcrypt's 72 bytes", (get) => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  it("are never stored: creating a user or setting a password over 72 bytes is refused, counting bytes", async () => {
    const { db } = get();
    const actor = { ...SYSTEM_ACTOR, accountId };
    // 25 characters, 75 bytes.
    const euros = "€".repeat(25);
    const email = uniqueEmail();
    await expect(
      createUser(
        db,
        accountId,
        { email, name: "Long Password", password: euros, role: "network_user" },
        actor,
        NO_REQUEST,
      ),
    ).rejects.toThrow(/at most 72 bytes/);
    expect(await db.user.count({ where: { email } })).toBe(0);
    const user = await createTestUser(db, accountId);
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } }))
      .passwordHash;
    await expect(
      updateUser(db, accountId, user.id, { password: `${SEVENTY_TWO}x` }, actor, NO_REQUEST),
    ).rejects.toThrow(/at most 72 bytes/);
    expect(
      (await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } })).passwordHash,
    ).toBe(before);
  });

  it("are refused at sign-in and at the token exchange, not cut to the 72 bytes that would match, and not counted as a guess", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    // A password of exactly 72 bytes, as one stored before the limit could have been cut to.
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(SEVENTY_TWO) } });
    expect(await signInWithPassword(db, { email: user.email, password: SEVENTY_TWO }, context)).toMatchObject({
      ok: true,
    });
    expect(await signInWithPassword(db, { email: user.email, password: `${SEVENTY_TWO} and more` }, context)).toEqual({
      ok: false,
      reason: "password_too_long",
    });
    const exchange = await exchangePasswordForToken(db, { email: user.email, password: `${SEVENTY_TWO}é` }, context);
    expect(exchange).toEqual({
      ok: false,
      status: 400,
      error: "invalid_request",
      description: "A password has at most 72 bytes (UTF-8), so this one cannot be right",
      retryAfterMinutes: undefined,
    });
    expect(await db.credential.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed", targetId: user.id } })).toBe(0);
  });
});

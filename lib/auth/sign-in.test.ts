import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser, TEST_PASSWORD } from "@/test/fixtures";
import { signInWithPassword } from "./sign-in";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "./sign-in-throttle";

const context = { ip: "203.0.113.7", userAgent: "vitest" };

describeEachDatabase("sign-in with email and password", (get) => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  it("signs an active user in, case-insensitively by email, and audits it", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId, { role: "super_admin" });
    const result = await signInWithPassword(
      db,
      { email: `  ${user.email.toUpperCase()} `, password: TEST_PASSWORD },
      context,
    );
    expect(result).toMatchObject({ ok: true, user: { id: user.id, role: "super_admin" } });
    const event = await db.auditEvent.findFirst({ where: { action: "auth.sign_in", actorId: user.id } });
    expect(event).toMatchObject({ ip: context.ip, targetLabel: user.email });
    expect((await db.user.findUnique({ where: { id: user.id } }))?.lastSignInAt).toBeInstanceOf(Date);
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const wrong = await signInWithPassword(db, { email: user.email, password: "not the password" }, context);
    const unknown = await signInWithPassword(db, { email: "nobody@example.test", password: TEST_PASSWORD }, context);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses API users, disabled and unverified users, even with the right password", async () => {
    const { db } = get();
    const apiUser = await createTestUser(db, accountId, { isApiUser: true });
    const disabled = await createTestUser(db, accountId, { status: "disabled" });
    const unverified = await createTestUser(db, accountId, { status: "unverified" });
    expect(await signInWithPassword(db, { email: apiUser.email, password: TEST_PASSWORD }, context)).toEqual({
      ok: false,
      reason: "api_user",
    });
    expect(await signInWithPassword(db, { email: disabled.email, password: TEST_PASSWORD }, context)).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await signInWithPassword(db, { email: unverified.email, password: TEST_PASSWORD }, context)).toEqual({
      ok: false,
      reason: "unverified",
    });
    const refusals = await db.auditEvent.findMany({
      where: { action: "auth.sign_in_failed", targetId: { in: [apiUser.id, disabled.id, unverified.id] } },
    });
    expect(refusals.map((event) => JSON.parse(event.details ?? "{}").reason).sort()).toEqual([
      "api_user",
      "disabled",
      "unverified",
    ]);
  });

  it("never writes the password anywhere in the audit log", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId, { password: "a-very-recognisable-password-42" });
    await signInWithPassword(db, { email: user.email, password: "a-very-recognisable-password-42" }, context);
    await signInWithPassword(db, { email: user.email, password: "a-very-recognisable-wrong-one" }, context);
    const events = await db.auditEvent.findMany({ where: { targetId: user.id } });
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(events)).not.toContain("recognisable");
  });

  it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures, even for the right password`, async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(
        await signInWithPassword(
          db,
          { email: user.email, password: `wrong-${i}` },
          { ...context, ip: `198.51.100.${i}` },
        ),
      ).toMatchObject({ reason: "invalid" });
    }
    const locked = await signInWithPassword(
      db,
      { email: user.email, password: TEST_PASSWORD },
      { ...context, ip: "198.51.100.200" },
    );
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    expect(locked.ok ? 0 : locked.retryAfterMinutes).toBeGreaterThanOrEqual(14);
    expect(await db.auditEvent.count({ where: { action: "auth.sign_in_throttled", targetLabel: user.email } })).toBe(1);
    // Other accounts are not affected.
    const other = await createTestUser(db, accountId);
    expect(
      await signInWithPassword(
        db,
        { email: other.email, password: TEST_PASSWORD },
        { ...context, ip: "198.51.100.201" },
      ),
    ).toMatchObject({ ok: true });
  });

  it(`refuses an address after ${MAX_FAILURES_PER_ADDRESS} failures across accounts`, async () => {
    const { db } = get();
    const ip = "192.0.2.99";
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      await signInWithPassword(db, { email: `spray${i}@example.test`, password: "guess" }, { ...context, ip });
    }
    const victim = await createTestUser(db, accountId);
    expect(
      await signInWithPassword(db, { email: victim.email, password: TEST_PASSWORD }, { ...context, ip }),
    ).toMatchObject({ reason: "throttled" });
    expect(
      await signInWithPassword(db, { email: victim.email, password: TEST_PASSWORD }, { ...context, ip: "192.0.2.100" }),
    ).toMatchObject({ ok: true });
  });

  for (const burst of [40, 200]) {
    it(`${burst} concurrent wrong passwords for one account get at most ${MAX_FAILURES_PER_ACCOUNT} password checks, and the right one is refused after them`, async () => {
      const { db } = get();
      const user = await createTestUser(db, accountId);
      // Each guess from its own address, so only the account's limit is in play.
      const results = await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          signInWithPassword(
            db,
            { email: user.email, password: `wrong-${i}` },
            { ...context, ip: `10.${burst}.${Math.floor(i / 250)}.${i % 250}` },
          ),
        ),
      );
      const checked = results.filter((result) => !result.ok && result.reason === "invalid").length;
      expect(checked).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
      // Nor fewer: a reservation is refused only when the window is full.
      expect(checked).toBe(MAX_FAILURES_PER_ACCOUNT);
      expect(results.filter((result) => !result.ok && result.reason === "throttled")).toHaveLength(burst - checked);
      expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed", targetId: user.id } })).toBe(checked);
      expect(
        await signInWithPassword(db, { email: user.email, password: TEST_PASSWORD }, { ...context, ip: "10.9.9.9" }),
      ).toMatchObject({ ok: false, reason: "throttled" });
    });
  }

  it(`${MAX_FAILURES_PER_ADDRESS * 2} concurrent wrong passwords from one address, each for another email, get at most ${MAX_FAILURES_PER_ADDRESS} checks`, async () => {
    const { db } = get();
    const ip = "192.0.2.150";
    const results = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_ADDRESS * 2 }, (_, i) =>
        signInWithPassword(db, { email: `burst${i}@example.test`, password: "guess" }, { ...context, ip }),
      ),
    );
    expect(results.filter((result) => !result.ok && result.reason === "invalid").length).toBeLessThanOrEqual(
      MAX_FAILURES_PER_ADDRESS,
    );
    const victim = await createTestUser(db, accountId);
    expect(
      await signInWithPassword(db, { email: victim.email, password: TEST_PASSWORD }, { ...context, ip }),
    ).toMatchObject({ reason: "throttled" });
  });

  it("a right password does not count as a failure: after four wrong ones the right one works twice, and one more wrong one locks", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const guess = (password: string) =>
      signInWithPassword(db, { email: user.email, password }, { ...context, ip: "198.51.100.77" });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++)
      expect(await guess(`wrong-${i}`)).toMatchObject({ reason: "invalid" });
    // Each right password takes a place before the check and gives it back after.
    expect(await guess(TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await guess(TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await guess("wrong-last")).toMatchObject({ reason: "invalid" });
    expect(await guess(TEST_PASSWORD)).toMatchObject({ reason: "throttled" });
  });

  it("a known user's throttled attempts are recorded in their account's log; an unknown email's stay installation-wide", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    for (let i = 0; i <= MAX_FAILURES_PER_ACCOUNT; i++)
      await signInWithPassword(
        db,
        { email: user.email, password: `wrong-${i}` },
        { ...context, ip: `198.51.100.${100 + i}` },
      );
    const throttled = await db.auditEvent.findFirstOrThrow({
      where: { action: "auth.sign_in_throttled", targetLabel: user.email },
    });
    expect(throttled).toMatchObject({ accountId, targetId: user.id });
    const nobody = "nobody-throttled@example.test";
    for (let i = 0; i <= MAX_FAILURES_PER_ACCOUNT; i++)
      await signInWithPassword(
        db,
        { email: nobody, password: `wrong-${i}` },
        { ...context, ip: `198.51.100.${120 + i}` },
      );
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in_throttled", targetLabel: nobody } }),
    ).toMatchObject({ accountId: null });
  });
});

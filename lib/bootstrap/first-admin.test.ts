import { expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { signInWithPassword } from "../auth/sign-in";
import { ensureFirstAdmin, firstAdminBanner } from "./first-admin";

describeEachDatabase("first super admin", (get) => {
  it("is created once, with a generated password that signs in, even when several instances race", async () => {
    const { db } = get();
    const results = await Promise.all([ensureFirstAdmin(db, {}), ensureFirstAdmin(db, {}), ensureFirstAdmin(db, {})]);
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    expect(await db.user.count()).toBe(1);
    const first = created[0]!;
    if (!first.created || !first.generatedPassword) throw new Error("expected a generated password");
    expect(first.generatedPassword.length).toBeGreaterThanOrEqual(20);
    expect(firstAdminBanner(first)).toContain(first.generatedPassword);
    const admin = await db.user.findUniqueOrThrow({ where: { email: first.email } });
    expect(admin).toMatchObject({ role: "super_admin", status: "active", isApiUser: false });
    const signIn = await signInWithPassword(
      db,
      { email: first.email, password: first.generatedPassword },
      { ip: null, userAgent: null },
    );
    expect(signIn.ok).toBe(true);
    expect(await ensureFirstAdmin(db, { email: "other@example.test", password: "another password!" })).toEqual({
      created: false,
    });
  });
});

// A new password, chosen by the user or set by an admin, ends the API tokens the old one
// bought at the token exchange, in the same transaction, and the audit row says how many.
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { changeOwnPassword } from "../users/change-own-password";
import { updateUser } from "../users/update-user";
import { verifyRequest } from "../verifier/verify";
import { ProtocolError } from "../http/protocol-error";
import { createPersonalCredential } from "./personal-credentials";
import { exchangePasswordForToken } from "./token-exchange";

describeEachDatabase("exchanged API tokens and a new password", (get) => {
  const ctx = { ip: "203.0.113.72", userAgent: "vitest" };
  let accountId: string;
  let admin: { id: string; email: string };

  beforeAll(async () => {
    accountId = await createAccount(get().db);
    admin = await createTestUser(get().db, accountId, { role: "super_admin" });
  });

  const verify = (token: string) =>
    verifyRequest(
      { method: "GET", headers: new Headers({ authorization: `token ${token}` }), searchParams: new URLSearchParams() },
      { database: get().db },
    );

  async function exchanged(user: { email: string; password: string }): Promise<string> {
    const result = await exchangePasswordForToken(get().db, user, ctx);
    if (!result.ok) throw new Error(`exchange refused: ${result.description}`);
    return result.token;
  }

  it("changing one's own password revokes the tokens it bought (at once, cached or not) and counts them on user.password_changed", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const tokens = [await exchanged(user), await exchanged(user)];
    const personal = await createPersonalCredential(
      db,
      { id: user.id, email: user.email, accountId },
      { description: "kept" },
      ctx,
    );
    if (!("created" in personal)) throw new Error("expected a credential");
    for (const token of tokens) expect(await verify(token)).toMatchObject({ user: { id: user.id } });

    await changeOwnPassword(db, user.id, { currentPassword: user.password, newPassword: "a brand new password" }, ctx);

    for (const token of tokens) expect(await verify(token)).toMatchObject({ status: 401, code: "invalid_token" });
    expect(await verify(tokens[0]!)).toBeInstanceOf(ProtocolError);
    expect(await db.credential.count({ where: { userId: user.id, kind: "tok", status: "revoked" } })).toBe(2);
    // Only what the password bought: the user's other credentials stay.
    expect(await db.credential.findUniqueOrThrow({ where: { id: personal.created.id } })).toMatchObject({
      status: "active",
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { targetId: user.id, action: "user.password_changed" },
    });
    expect(JSON.parse(event.details ?? "{}")).toEqual({ apiTokensRevoked: 2 });
  });

  it("an admin setting a user's password revokes the user's exchanged tokens and counts them on user.updated", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const other = await createTestUser(db, accountId);
    const token = await exchanged(user);
    const othersToken = await exchanged(other);
    expect(await verify(token)).toMatchObject({ user: { id: user.id } });

    await updateUser(
      db,
      accountId,
      user.id,
      { password: "set by the admin 123" },
      { id: admin.id, label: admin.email, accountId },
      ctx,
    );

    expect(await verify(token)).toMatchObject({ status: 401, code: "invalid_token" });
    expect(await verify(othersToken)).toMatchObject({ user: { id: other.id } });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { targetId: user.id, action: "user.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(event.details ?? "{}")).toMatchObject({ fields: "password", apiTokensRevoked: 1 });

    // A rename is no new password: nothing is revoked.
    const again = await exchanged({ email: user.email, password: "set by the admin 123" });
    await updateUser(db, accountId, user.id, { name: "Renamed" }, { id: admin.id, label: admin.email, accountId }, ctx);
    expect(await verify(again)).toMatchObject({ user: { id: user.id } });
  });
});

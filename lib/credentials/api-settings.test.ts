// API Settings belong to one account: switching them off in account A refuses A's
// credentials and A's users at the token exchange, leaves account B alone, and is audited in
// A only. The verifier reads the setting with the credential, cached, and the instance that
// changes it applies the change at once.
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { NO_REQUEST } from "../audit";
import { createPersonalCredential } from "./personal-credentials";
import { exchangePasswordForToken } from "./token-exchange";
import { readApiSettings, updateApiSettings } from "./api-settings";
import { ProtocolError } from "../http/protocol-error";
import { verifyRequest } from "../verifier/verify";

describeEachDatabase("API Settings per account", (get) => {
  const ctx = { ip: "203.0.113.71", userAgent: "vitest" };
  let a: {
    accountId: string;
    admin: { id: string; email: string };
    user: { id: string; email: string; password: string };
    token: string;
  };
  let b: typeof a;

  async function network(name: string): Promise<typeof a> {
    const { db } = get();
    const accountId = await createAccount(db, name);
    const admin = await createTestUser(db, accountId, { role: "super_admin" });
    const user = await createTestUser(db, accountId);
    const created = await createPersonalCredential(
      db,
      { id: user.id, email: user.email, accountId },
      { description: "query string" },
      NO_REQUEST,
    );
    if (!("created" in created)) throw new Error("expected a credential");
    return { accountId, admin, user, token: created.created.secret };
  }

  const byQuery = (token: string) =>
    verifyRequest(
      { method: "GET", headers: new Headers(), searchParams: new URLSearchParams({ oauth_token: token }) },
      { database: get().db },
    );
  const byHeader = (token: string) =>
    verifyRequest(
      { method: "GET", headers: new Headers({ authorization: token }), searchParams: new URLSearchParams() },
      { database: get().db },
    );

  beforeAll(async () => {
    a = await network("Network A");
    b = await network("Network B");
  });

  it("account A's super admin switches off query-string tokens: A's are refused at once (400 invalid_request), B's still work", async () => {
    const { db } = get();
    // Both verified (and so cached) before the change.
    expect(await byQuery(a.token)).not.toBeInstanceOf(ProtocolError);
    expect(await byQuery(b.token)).not.toBeInstanceOf(ProtocolError);

    await updateApiSettings(
      db,
      a.accountId,
      { allowQueryTokens: false },
      { id: a.admin.id, label: a.admin.email, accountId: a.accountId },
      ctx,
    );

    const refused = await byQuery(a.token);
    expect(refused).toBeInstanceOf(ProtocolError);
    expect(refused).toMatchObject({ status: 400, code: "invalid_request" });
    expect(await byHeader(a.token)).toMatchObject({ accountId: a.accountId });
    expect(await byQuery(b.token)).toMatchObject({ accountId: b.accountId });
    expect(await readApiSettings(db, a.accountId)).toEqual({ allowQueryTokens: false, allowTokenExchange: true });
    expect(await readApiSettings(db, b.accountId)).toEqual({ allowQueryTokens: true, allowTokenExchange: true });

    expect(await db.auditEvent.count({ where: { action: "settings.updated", accountId: a.accountId } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "settings.updated", accountId: b.accountId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "settings.updated", accountId: null } })).toBe(0);

    await updateApiSettings(
      db,
      a.accountId,
      { allowQueryTokens: true },
      { id: a.admin.id, label: a.admin.email, accountId: a.accountId },
      ctx,
    );
    expect(await byQuery(a.token)).toMatchObject({ accountId: a.accountId });
  });

  it("account A's switched-off token exchange refuses A's users after the password check only; B's users still exchange", async () => {
    const { db } = get();
    await updateApiSettings(
      db,
      a.accountId,
      { allowTokenExchange: false },
      { id: a.admin.id, label: a.admin.email, accountId: a.accountId },
      ctx,
    );

    const off = await exchangePasswordForToken(db, { email: a.user.email, password: a.user.password }, ctx);
    expect(off).toMatchObject({ ok: false, status: 403, error: "access_denied" });
    // Without the password, the answer is the one any wrong password gets: no oracle.
    const wrong = await exchangePasswordForToken(db, { email: a.user.email, password: "not the password" }, ctx);
    const unknown = await exchangePasswordForToken(
      db,
      { email: "nobody@example.test", password: "not the password" },
      ctx,
    );
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, status: 401 });
    expect(await db.credential.count({ where: { userId: a.user.id, kind: "tok" } })).toBe(0);

    expect(await exchangePasswordForToken(db, { email: b.user.email, password: b.user.password }, ctx)).toMatchObject({
      ok: true,
    });
  });
});

import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { generateAccountApiKey } from "./account-api-key";
import {
  CREDENTIAL_STATES,
  getAccountCredential,
  listAccountCredentials,
  revokeAccountCredential,
} from "./all-credentials";
import { createApiKey, revokeApiKey, rollApiKey } from "./api-keys";
import { changeAuthToken, createAuthToken } from "./auth-tokens";
import { createPersonalCredential } from "./personal-credentials";

const context: RequestContext = { ip: "198.51.100.30", userAgent: "vitest" };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describeEachDatabase("the Credentials page: every credential of the account", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let ids: { pat: string; key: string; at: string; ak: string };

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    const user = await createTestUser(db, accountId);
    const apiUser = await createTestUser(db, accountId, { isApiUser: true });
    const pat = await createPersonalCredential(db, { ...user, accountId }, { description: "Reporting" }, context);
    const key = await createApiKey(db, admin, { name: "Helpdesk", userId: user.id }, context);
    const at = await createAuthToken(
      db,
      admin,
      { name: "Sync", apiUserId: apiUser.id, expirationDate: inDays(5) },
      context,
    );
    const ak = await generateAccountApiKey(db, admin, context);
    if (!("created" in pat) || !("created" in key) || !("created" in at)) throw new Error("expected credentials");
    ids = { pat: pat.created.id, key: key.created.id, at: at.created.id, ak: ak.id };
    // Another account's credential never shows.
    const elsewhere = await createAccount(db, "Elsewhere");
    const stranger = await createTestUser(db, elsewhere);
    const theirs = await createPersonalCredential(
      db,
      { ...stranger, accountId: elsewhere },
      { description: "Not yours" },
      context,
    );
    if (!("created" in theirs)) throw new Error("expected a credential");
    strangersId = theirs.created.id;
  });
  let strangersId: string;

  it("finds one credential of this account for its detail page, with its owner, and nothing of another account", async () => {
    const { db } = get();
    const found = await getAccountCredential(db, accountId, ids.key);
    expect(found).toMatchObject({ id: ids.key, name: "Helpdesk", kind: "key", state: "active" });
    expect(found?.ownerId).toBeTruthy();
    expect(await getAccountCredential(db, accountId, strangersId)).toBeNull();
    expect(await getAccountCredential(db, accountId, "no-such-id")).toBeNull();
    expect(await getAccountCredential(db, accountId, "' OR 1=1 --")).toBeNull();
  });

  it("lists every kind of this account only, filtered by kind and by state", async () => {
    const { db } = get();
    const all = await listAccountCredentials(db, accountId, {}, 1);
    expect(all.rows.map((row) => row.kind).sort()).toEqual(["ak", "at", "key", "pat"]);
    expect(all.rows.find((row) => row.kind === "pat")).toMatchObject({
      name: "Reporting",
      kindLabel: "API credential",
      state: "active",
      revocable: true,
    });
    expect(all.rows.find((row) => row.kind === "at")).toMatchObject({ revocable: false });
    expect(all.rows.find((row) => row.kind === "ak")).toMatchObject({ revocable: false, owner: null });
    expect((await listAccountCredentials(db, accountId, { kind: "key" }, 1)).rows.map((row) => row.id)).toEqual([
      ids.key,
    ]);
    expect((await listAccountCredentials(db, accountId, { state: "revoked" }, 1)).total).toBe(0);
  });

  it("revokes what a super admin may revoke, audited, and refuses auth tokens, the account key and other accounts' credentials", async () => {
    const { db } = get();
    await revokeAccountCredential(db, admin, ids.pat, context);
    expect(await db.credential.findUniqueOrThrow({ where: { id: ids.pat } })).toMatchObject({ status: "revoked" });
    expect(
      await db.auditEvent.count({ where: { action: "credential.revoked", targetId: ids.pat, ip: "198.51.100.30" } }),
    ).toBe(1);
    expect((await listAccountCredentials(db, accountId, { state: "revoked" }, 1)).rows.map((row) => row.id)).toEqual([
      ids.pat,
    ]);
    expect(
      (await listAccountCredentials(db, accountId, { state: "active" }, 1)).rows.map((row) => row.id),
    ).not.toContain(ids.pat);

    await expect(revokeAccountCredential(db, admin, ids.pat, context)).rejects.toThrow(/already revoked/);
    await expect(revokeAccountCredential(db, admin, ids.at, context)).rejects.toThrow(/API Access/);
    await expect(revokeAccountCredential(db, admin, ids.ak, context)).rejects.toThrow(/never revoked/);
    const foreign = await db.credential.findFirstOrThrow({ where: { accountId: { not: accountId } } });
    await expect(revokeAccountCredential(db, admin, foreign.id, context)).rejects.toMatchObject({ code: "not_found" });
    const networkUser = { ...(await createTestUser(db, accountId)), accountId, role: "network_user" as const };
    await expect(revokeAccountCredential(db, networkUser, ids.key, context)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await db.credential.findUniqueOrThrow({ where: { id: ids.key } })).toMatchObject({ status: "active" });
  });

  it("the status filter and the derived state agree: each credential is under exactly the filter of the state it shows", async () => {
    const { db } = get();
    const account = await createAccount(db, "Every state");
    const boss = {
      ...(await createTestUser(db, account, { role: "super_admin" })),
      accountId: account,
      role: "super_admin" as const,
    };
    const user = await createTestUser(db, account);
    const apiUser = await createTestUser(db, account, { isApiUser: true });
    const key = async (name: string, expirationDate?: string) => {
      const created = await createApiKey(db, boss, { name, userId: user.id, expirationDate }, context);
      if (!("created" in created)) throw new Error("expected a key");
      return created.created.id;
    };
    await key("Active");
    await key("Expires tomorrow", inDays(1));
    await revokeApiKey(db, boss, await key("Revoked"), context);
    await rollApiKey(db, boss, await key("Rolled, in its grace"), 168, context);
    await rollApiKey(db, boss, await key("Rolled, grace over"), 1, context);
    const rolledThenRevoked = await key("Rolled, then revoked");
    await rollApiKey(db, boss, rolledThenRevoked, 168, context);
    await revokeAccountCredential(db, boss, rolledThenRevoked, context);
    const token = await createAuthToken(
      db,
      boss,
      { name: "Paused", apiUserId: apiUser.id, expirationDate: inDays(5) },
      context,
    );
    if (!("created" in token)) throw new Error("expected a token");
    await changeAuthToken(db, boss, token.created.id, "deactivate", context);

    // Three days on: tomorrow's key has expired, the 1-hour grace is over, the 7-day one is not.
    const later = new Date(Date.now() + 3 * 86_400_000);
    const all = await listAccountCredentials(db, account, {}, 1, 50, later);
    const seen: string[] = [];
    for (const state of CREDENTIAL_STATES) {
      const filtered = await listAccountCredentials(db, account, { state }, 1, 50, later);
      expect(filtered.rows.length, state).toBeGreaterThan(0);
      expect(
        filtered.rows.map((row) => row.state),
        state,
      ).toEqual(filtered.rows.map(() => state));
      seen.push(...filtered.rows.map((row) => row.id));
    }
    expect(seen.sort()).toEqual(all.rows.map((row) => row.id).sort());
    const byName = new Map(all.rows.map((row) => [row.name, row]));
    expect(byName.get("Rolled, in its grace")).toMatchObject({ state: "rolled", actions: ["revoke"] });
    expect(byName.get("Rolled, in its grace")?.graceEndsAt).not.toBeNull();
    expect(byName.get("Rolled, grace over")).toMatchObject({ state: "rolled", graceEndsAt: null, actions: ["revoke"] });
    expect(byName.get("Rolled, then revoked")).toMatchObject({ state: "revoked", actions: [] });
    expect(byName.get("Expires tomorrow")).toMatchObject({ state: "expired" });
  });
});

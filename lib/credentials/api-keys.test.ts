import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { createApiKey, listApiKeyOwners, listApiKeys, revokeApiKey, rollApiKey } from "./api-keys";
import { parseSecret } from "./format";
import { hashSecret } from "./hash";
import { credentialState, graceEndsAt, isUsable, unusableBecause } from "./lifecycle";

const context: RequestContext = { ip: "198.51.100.9", userAgent: "vitest" };
const DAY = 86_400_000;
const HOUR = 3_600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describeEachDatabase("API keys (Deskpro, generic guide)", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let owner: { id: string; email: string };

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    // A plain network user, not an API user: API keys may belong to any active user.
    owner = await createTestUser(db, accountId);
  });

  async function create(name: string, extra: { scopes?: string[]; expirationDate?: string } = {}) {
    const result = await createApiKey(get().db, admin, { name, userId: owner.id, ...extra }, context);
    if (!("created" in result)) throw new Error("expected a new key");
    return result.created;
  }

  const stored = (id: string) => get().db.credential.findUniqueOrThrow({ where: { id }, omit: { secretHash: false } });

  it("creates a kw_key_ key for any active user, with scopes in canonical order and an optional expiry", async () => {
    const date = inDays(10);
    const key = await create("Helpdesk sync", {
      scopes: ["publishers:read", "advertisers:read", "publishers:read"],
      expirationDate: date,
    });
    expect(parseSecret(key.secret)).toEqual({ ok: true, code: "key" });
    expect(key.scopes).toEqual(["advertisers:read", "publishers:read"]);
    const row = await stored(key.id);
    expect(row).toMatchObject({
      kind: "key",
      userId: owner.id,
      createdById: admin.id,
      name: "Helpdesk sync",
      status: "active",
      scopes: "advertisers:read publishers:read",
      secretHash: hashSecret(key.secret),
    });
    expect(row.expiresAt?.toISOString()).toBe(`${date}T00:00:00.000Z`);
    expect(
      await get().db.auditEvent.count({
        where: { action: "credential.created", targetId: key.id, targetLabel: key.hint, ip: "198.51.100.9" },
      }),
    ).toBe(1);

    const plain = await create("No scopes, no expiry", { expirationDate: "" });
    expect(await stored(plain.id)).toMatchObject({ scopes: null, expiresAt: null });
    const page = await listApiKeys(get().db, accountId, 1);
    expect(page.rows.find((r) => r.id === key.id)).toMatchObject({
      scopes: ["advertisers:read", "publishers:read"],
      state: "active",
      owner: { email: owner.email },
      hint: key.hint,
    });
    expect(page.rows.find((r) => r.id === plain.id)).toMatchObject({ scopes: null, expiresAt: null });
  });

  it("refuses unknown scopes, past or impossible dates, and users who are not active users of the account", async () => {
    const { db } = get();
    const before = await db.credential.count();
    await expect(
      createApiKey(db, admin, { name: "x", userId: owner.id, scopes: ["admin:everything"] }, context),
    ).rejects.toThrow(/Choose only the listed scopes/);
    await expect(
      createApiKey(
        db,
        admin,
        { name: "x", userId: owner.id, expirationDate: new Date().toISOString().slice(0, 10) },
        context,
      ),
    ).rejects.toMatchObject({ field: "expirationDate" });
    await expect(
      createApiKey(db, admin, { name: "x", userId: owner.id, expirationDate: inDays(-2) }, context),
    ).rejects.toMatchObject({ field: "expirationDate" });
    await expect(
      createApiKey(db, admin, { name: "x", userId: owner.id, expirationDate: "2031-02-30" }, context),
    ).rejects.toThrow(/does not exist/);
    const disabled = await createTestUser(db, accountId, { status: "disabled" });
    const foreign = await createTestUser(db, await createAccount(db));
    for (const user of [disabled, foreign]) {
      await expect(createApiKey(db, admin, { name: "x", userId: user.id }, context)).rejects.toMatchObject({
        field: "userId",
      });
    }
    expect(await db.credential.count()).toBe(before);
    const owners = (await listApiKeyOwners(db, accountId)).map((u) => u.id);
    expect(owners).toContain(owner.id);
    expect(owners).not.toContain(disabled.id);
    expect(owners).not.toContain(foreign.id);
  });

  it("refuses everyone but super admins, and another account's admin finds no key", async () => {
    const { db } = get();
    const key = await create("Guarded");
    const network = { ...(await createTestUser(db, accountId)), accountId, role: "network_user" as const };
    await expect(createApiKey(db, network, { name: "x", userId: network.id }, context)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(rollApiKey(db, network, key.id, 0, context)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeApiKey(db, network, key.id, context)).rejects.toMatchObject({ code: "forbidden" });
    const otherAccount = await createAccount(db);
    const otherAdmin = {
      ...(await createTestUser(db, otherAccount, { role: "super_admin" })),
      accountId: otherAccount,
      role: "super_admin" as const,
    };
    await expect(rollApiKey(db, otherAdmin, key.id, 0, context)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeApiKey(db, otherAdmin, key.id, context)).rejects.toMatchObject({ code: "not_found" });
    expect((await listApiKeys(db, otherAccount, 1)).total).toBe(0);
    expect(await stored(key.id)).toMatchObject({ status: "active", expiresAt: null });
  });

  it("roll: a successor with the same name, owner, scopes and expiry; the old key lives through the grace period only", async () => {
    const { db } = get();
    const date = inDays(30);
    const old = await create("Rolling", { scopes: ["data:read"], expirationDate: date });
    const now = new Date();
    const result = await rollApiKey(db, admin, old.id, 24, context, { now });
    if (!("rolled" in result)) throw new Error("expected a roll");
    const successor = await stored(result.rolled.id);
    expect(parseSecret(result.rolled.secret)).toEqual({ ok: true, code: "key" });
    expect(successor).toMatchObject({
      name: "Rolling",
      userId: owner.id,
      scopes: "data:read",
      status: "active",
      secretHash: hashSecret(result.rolled.secret),
    });
    expect(successor.expiresAt?.toISOString()).toBe(`${date}T00:00:00.000Z`);

    // Still found by its secret, rolled, linked to its successor, and usable within the grace
    // period only: "Rolled until <grace end>", then "Rolled" and refused as expired.
    const oldRow = await db.credential.findUniqueOrThrow({ where: { secretHash: hashSecret(old.secret) } });
    expect(oldRow).toMatchObject({ id: old.id, status: "active", rolledAt: now, replacedById: result.rolled.id });
    expect(oldRow.expiresAt?.getTime()).toBe(now.getTime() + 24 * HOUR);
    const inGrace = new Date(now.getTime() + 23 * HOUR);
    const graceOver = new Date(now.getTime() + 24 * HOUR);
    expect(credentialState(oldRow, inGrace)).toBe("rolled");
    expect(graceEndsAt(oldRow, inGrace)).toEqual(oldRow.expiresAt);
    expect(isUsable(oldRow, inGrace)).toBe(true);
    expect(credentialState(oldRow, graceOver)).toBe("rolled");
    expect(graceEndsAt(oldRow, graceOver)).toBeNull();
    expect(unusableBecause(oldRow.status, oldRow.expiresAt!.getTime(), graceOver.getTime())).toBe("expired");
    expect(credentialState(successor, graceOver)).toBe("active");

    // The API Keys page: the old key is Rolled until the grace end, and offers a revoke only.
    const rows = (await listApiKeys(db, accountId, 1, undefined, inGrace)).rows;
    expect(rows.find((row) => row.id === old.id)).toMatchObject({
      state: "rolled",
      graceEndsAt: oldRow.expiresAt,
      actions: ["revoke"],
    });
    expect(rows.find((row) => row.id === result.rolled.id)).toMatchObject({
      state: "active",
      graceEndsAt: null,
      actions: ["roll", "revoke"],
    });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "credential.rolled", targetId: old.id } });
    expect(JSON.parse(audit.details!)).toMatchObject({
      graceHours: 24,
      newId: result.rolled.id,
      newHint: result.rolled.hint,
    });
  });

  it("roll with no grace ends the old key at once; a grace never extends a key past its own expiry", async () => {
    const { db } = get();
    const old = await create("Instant");
    const result = await rollApiKey(db, admin, old.id, 0, context);
    if (!("rolled" in result)) throw new Error("expected a roll");
    const oldRow = await stored(old.id);
    expect(credentialState(oldRow)).toBe("rolled");
    expect(graceEndsAt(oldRow)).toBeNull();
    expect(isUsable(oldRow)).toBe(false);
    expect((await stored(result.rolled.id)).expiresAt).toBeNull();
    await expect(rollApiKey(db, admin, old.id, 0, context)).rejects.toThrow(/already been rolled/);

    // Expires in 1 day; a 7-day grace keeps the 1-day end.
    const near = await create("Near end", { expirationDate: inDays(1) });
    await rollApiKey(db, admin, near.id, 168, context);
    expect((await stored(near.id)).expiresAt?.toISOString()).toBe(`${inDays(1)}T00:00:00.000Z`);
    await expect(rollApiKey(db, admin, near.id, 5 as 0, context)).rejects.toThrow();
  });

  it("a double-submitted Roll makes one successor", async () => {
    const { db } = get();
    const old = await create("Double roll");
    const requestId = randomUUID();
    const results = await Promise.all([1, 2].map(() => rollApiKey(db, admin, old.id, 1, context, { requestId })));
    expect(results.filter((r) => "rolled" in r)).toHaveLength(1);
    expect(results.filter((r) => "duplicateOf" in r)).toHaveLength(1);
    expect(await db.credential.count({ where: { accountId, name: "Double roll" } })).toBe(2);
  });

  it("a double-submitted Create makes one key", async () => {
    const { db } = get();
    const requestId = randomUUID();
    const results = await Promise.all(
      [1, 2].map(() => createApiKey(db, admin, { name: "Double", userId: owner.id, requestId }, context)),
    );
    expect(results.filter((r) => "created" in r)).toHaveLength(1);
    expect(await db.credential.count({ where: { accountId, name: "Double" } })).toBe(1);
  });

  it("revoke during the grace period ends a rolled key at once; it is revoked, not rolled, from then on", async () => {
    const { db } = get();
    const old = await create("Rolled then revoked");
    const result = await rollApiKey(db, admin, old.id, 24, context);
    if (!("rolled" in result)) throw new Error("expected a roll");
    expect(isUsable(await stored(old.id))).toBe(true);
    await revokeApiKey(db, admin, old.id, context);
    const row = await stored(old.id);
    expect(credentialState(row)).toBe("revoked");
    expect(isUsable(row)).toBe(false);
    expect(graceEndsAt(row)).toBeNull();
    await expect(revokeApiKey(db, admin, old.id, context)).rejects.toThrow(/already revoked/);
    await expect(rollApiKey(db, admin, old.id, 1, context)).rejects.toThrow(/Only an active key/);
    expect(credentialState(await stored(result.rolled.id))).toBe("active");
  });

  it("revoke: the key is revoked, audited once, and cannot be rolled", async () => {
    const { db } = get();
    const key = await create("Revoked");
    await revokeApiKey(db, admin, key.id, context);
    const row = await stored(key.id);
    expect(row.status).toBe("revoked");
    expect(row.revokedAt).not.toBeNull();
    expect(credentialState(row)).toBe("revoked");
    await expect(revokeApiKey(db, admin, key.id, context)).rejects.toThrow(/already revoked/);
    await expect(rollApiKey(db, admin, key.id, 1, context)).rejects.toThrow(/Only an active key/);
    expect(await db.auditEvent.count({ where: { action: "credential.revoked", targetId: key.id } })).toBe(1);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { createDb, type Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { API_KEY_EXISTS_MESSAGE, findAccountApiKey, generateAccountApiKey } from "./account-api-key";
import {
  AUTH_TOKEN_LIMIT_MESSAGE,
  changeAuthToken,
  createAuthToken,
  listAssignableApiUsers,
  listAuthTokens,
} from "./auth-tokens";
import { hashSecret } from "./hash";
import { parseSecret } from "./format";

const context: RequestContext = { ip: "198.51.100.7", userAgent: "vitest" };
const DAY = 86_400_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const inDays = (days: number) => isoDate(new Date(Date.now() + days * DAY));

describeEachDatabase("auth tokens and the account API key (TrackVia)", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let apiUser: { id: string; email: string };

  async function newAccount() {
    const id = await createAccount(get().db);
    const a = {
      ...(await createTestUser(get().db, id, { role: "super_admin" })),
      accountId: id,
      role: "super_admin" as const,
    };
    const u = await createTestUser(get().db, id, { isApiUser: true });
    return { accountId: id, admin: a, apiUser: u };
  }

  beforeAll(async () => {
    ({ accountId, admin, apiUser } = await newAccount());
  });

  async function create(name: string, expirationDate = inDays(30), db: Db = get().db) {
    const result = await createAuthToken(db, admin, { name, apiUserId: apiUser.id, expirationDate }, context);
    if (!("created" in result)) throw new Error("expected a new token");
    return result.created;
  }

  it("creates a token for an active API user that expires at 00:00 UTC of the chosen date", async () => {
    const date = inDays(10);
    const token = await create("Nightly sync", date);
    expect(parseSecret(token.secret)).toEqual({ ok: true, code: "at" });
    expect(token.expiresAt?.toISOString()).toBe(`${date}T00:00:00.000Z`);
    const row = await get().db.credential.findUniqueOrThrow({ where: { id: token.id }, omit: { secretHash: false } });
    expect(row).toMatchObject({
      kind: "at",
      userId: apiUser.id,
      createdById: admin.id,
      name: "Nightly sync",
      status: "active",
      secretHash: hashSecret(token.secret),
    });
    expect(
      await get().db.auditEvent.count({
        where: { action: "credential.created", targetId: token.id, targetLabel: token.hint, ip: "198.51.100.7" },
      }),
    ).toBe(1);
  });

  it("refuses today, a past date, an impossible date, and users who are not active API users", async () => {
    const { db } = get();
    const before = await db.credential.count();
    const counter = (await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount;
    await expect(
      createAuthToken(db, admin, { name: "t", apiUserId: apiUser.id, expirationDate: isoDate(new Date()) }, context),
    ).rejects.toMatchObject({ field: "expirationDate" });
    await expect(
      createAuthToken(db, admin, { name: "t", apiUserId: apiUser.id, expirationDate: inDays(-3) }, context),
    ).rejects.toMatchObject({ field: "expirationDate" });
    await expect(
      createAuthToken(db, admin, { name: "t", apiUserId: apiUser.id, expirationDate: "2031-02-30" }, context),
    ).rejects.toThrow();
    const notApi = await createTestUser(db, accountId);
    const disabledApi = await createTestUser(db, accountId, { isApiUser: true, status: "disabled" });
    const foreign = await createTestUser(db, await createAccount(db), { isApiUser: true });
    for (const user of [notApi, disabledApi, foreign]) {
      await expect(
        createAuthToken(db, admin, { name: "t", apiUserId: user.id, expirationDate: inDays(5) }, context),
      ).rejects.toMatchObject({ field: "apiUserId" });
    }
    expect(await db.credential.count()).toBe(before);
    expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount).toBe(counter);
    expect((await listAssignableApiUsers(db, accountId)).map((u) => u.id)).toEqual([apiUser.id]);
  });

  it("refuses everyone but super admins", async () => {
    const { db } = get();
    const network = { ...(await createTestUser(db, accountId)), accountId, role: "network_user" as const };
    await expect(
      createAuthToken(db, network, { name: "t", apiUserId: apiUser.id, expirationDate: inDays(5) }, context),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(generateAccountApiKey(db, network, context)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("walks the gear-menu lifecycle: deactivate, reactivate, delete only when inactive or expired", async () => {
    const { db } = get();
    const token = await create("Lifecycle");
    await expect(changeAuthToken(db, admin, token.id, "delete", context)).rejects.toThrow(/only inactive or expired/);
    await expect(changeAuthToken(db, admin, token.id, "reactivate", context)).rejects.toThrow(/Only an inactive/);
    await changeAuthToken(db, admin, token.id, "deactivate", context);
    expect((await db.credential.findUniqueOrThrow({ where: { id: token.id } })).status).toBe("inactive");
    await changeAuthToken(db, admin, token.id, "reactivate", context);
    expect((await db.credential.findUniqueOrThrow({ where: { id: token.id } })).status).toBe("active");
    await changeAuthToken(db, admin, token.id, "deactivate", context);
    const count = (await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount;
    await changeAuthToken(db, admin, token.id, "delete", context);
    expect(await db.credential.findUnique({ where: { id: token.id } })).toBeNull();
    expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).authTokenCount).toBe(count - 1);
    const actions = (
      await db.auditEvent.findMany({ where: { targetId: token.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })
    ).map((e) => e.action);
    expect(actions).toEqual([
      "credential.created",
      "credential.deactivated",
      "credential.reactivated",
      "credential.deactivated",
      "credential.deleted",
    ]);
  });

  it("an expired token can never be reactivated or deactivated, only deleted", async () => {
    const { db } = get();
    const token = await create("Expiring", inDays(2));
    const afterExpiry = new Date(token.expiresAt!.getTime() + 1);
    await changeAuthToken(db, admin, token.id, "deactivate", context);
    await expect(changeAuthToken(db, admin, token.id, "reactivate", context, afterExpiry)).rejects.toThrow(
      /never be reactivated/,
    );
    const active = await create("Expiring active", inDays(2));
    await expect(changeAuthToken(db, admin, active.id, "deactivate", context, afterExpiry)).rejects.toThrow(/expired/);
    await changeAuthToken(db, admin, active.id, "delete", context, afterExpiry);
    expect(await db.credential.findUnique({ where: { id: active.id } })).toBeNull();
  });

  it("another account's token is not found", async () => {
    const { db } = get();
    const token = await create("Mine");
    const other = await newAccount();
    await expect(changeAuthToken(db, other.admin, token.id, "deactivate", context)).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await listAuthTokens(db, other.accountId, 1)).total).toBe(0);
  });

  it("a double-submitted Create makes one token", async () => {
    const { db } = get();
    const requestId = randomUUID();
    const results = await Promise.all(
      [1, 2].map(() =>
        createAuthToken(
          db,
          admin,
          { name: "Double", apiUserId: apiUser.id, expirationDate: inDays(9), requestId },
          context,
        ),
      ),
    );
    expect(results.filter((r) => "created" in r)).toHaveLength(1);
    expect(await db.credential.count({ where: { accountId, name: "Double" } })).toBe(1);
  });

  it("holds at most 100: 200 concurrent creates from 95 tokens leave exactly 100", async () => {
    const fresh = await newAccount();
    const { db } = get();
    for (let i = 0; i < 95; i++) {
      const result = await createAuthToken(
        db,
        fresh.admin,
        { name: `seed ${i}`, apiUserId: fresh.apiUser.id, expirationDate: inDays(30) },
        context,
      );
      expect("created" in result).toBe(true);
    }
    // On PostgreSQL, several clients (pools of connections) so the transactions really run
    // at once, as several instances' requests would. On SQLite one client, as one server
    // has: better-sqlite3 is synchronous, so two connections in one process would block
    // each other's thread instead of waiting for the lock (cross-process contention on
    // SQLite is covered by e2e/http.spec.ts).
    const database = get();
    const clients =
      database.kind === "postgresql"
        ? await Promise.all(Array.from({ length: 8 }, () => createDb({ kind: database.kind, url: database.url })))
        : [db];
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          createAuthToken(
            clients[i % clients.length]!,
            fresh.admin,
            { name: `race ${i}`, apiUserId: fresh.apiUser.id, expirationDate: inDays(30) },
            context,
          ),
        ),
      );
      const created = outcomes.filter((o) => o.status === "fulfilled");
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(created).toHaveLength(5);
      expect(refused).toHaveLength(195);
      expect(new Set(refused.map((o) => (o.reason as Error).message))).toEqual(new Set([AUTH_TOKEN_LIMIT_MESSAGE]));
    } finally {
      if (database.kind === "postgresql") await Promise.all(clients.map((client) => client.$disconnect()));
    }
    expect(await db.credential.count({ where: { accountId: fresh.accountId, kind: "at" } })).toBe(100);
    expect((await db.account.findUniqueOrThrow({ where: { id: fresh.accountId } })).authTokenCount).toBe(100);
    await expect(
      createAuthToken(
        db,
        fresh.admin,
        { name: "101st", apiUserId: fresh.apiUser.id, expirationDate: inDays(30) },
        context,
      ),
    ).rejects.toThrow(AUTH_TOKEN_LIMIT_MESSAGE);
    // Deleting one makes room for exactly one.
    const one = (await listAuthTokens(db, fresh.accountId, 1)).rows[0]!;
    await changeAuthToken(db, fresh.admin, one.id, "deactivate", context);
    await changeAuthToken(db, fresh.admin, one.id, "delete", context);
    await createAuthToken(
      db,
      fresh.admin,
      { name: "after delete", apiUserId: fresh.apiUser.id, expirationDate: inDays(30) },
      context,
    );
    expect(await db.credential.count({ where: { accountId: fresh.accountId, kind: "at" } })).toBe(100);
  }, 120_000);

  it("the account API key is generated once, even by two admins at once, and never again", async () => {
    const fresh = await newAccount();
    const { db } = get();
    expect(await findAccountApiKey(db, fresh.accountId)).toBeNull();
    const outcomes = await Promise.allSettled([
      generateAccountApiKey(db, fresh.admin, context),
      generateAccountApiKey(db, fresh.admin, context),
    ]);
    const made = outcomes.filter((o) => o.status === "fulfilled");
    expect(made).toHaveLength(1);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({
      reason: { message: API_KEY_EXISTS_MESSAGE },
    });
    const key = (made[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof generateAccountApiKey>>>).value;
    expect(parseSecret(key.secret)).toEqual({ ok: true, code: "ak" });
    expect(await findAccountApiKey(db, fresh.accountId)).toMatchObject({ id: key.id, hint: key.hint });
    expect(
      await db.auditEvent.count({ where: { action: "account.api_key_generated", accountId: fresh.accountId } }),
    ).toBe(1);
  });

  afterAll(() => undefined);
});

import { beforeAll, expect, it } from "vitest";
import { mintSecret } from "@/lib/credentials/format";
import { hashSecret } from "@/lib/credentials/hash";
import { issueCredential } from "@/lib/credentials/issue";
import type { CredentialKind } from "@/lib/credentials/kind";
import { accountApiKey } from "@/lib/credentials/kinds/account-api-key";
import { apiKey } from "@/lib/credentials/kinds/api-key";
import { authToken } from "@/lib/credentials/kinds/auth-token";
import { oauthAuthorizationCode } from "@/lib/credentials/kinds/oauth-authorization-code";
import { personalCredential } from "@/lib/credentials/kinds/personal-credential";
import { updateApiSettings } from "@/lib/credentials/api-settings";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { invalidateCredentialCache } from "@/lib/credentials/cache";
import { flushLastUsed } from "./last-used";
import { loadCredentialRecord } from "@/lib/credentials/record";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/credentials/api-keys";
import { judgeCredential, refusalOf, verifyRequest, type VerifyOptions } from "./verify";

const NOW = Date.UTC(2031, 5, 1, 12);

function headers(values: Record<string, string>) {
  return new Headers(values);
}

describeEachDatabase("the verifier: one path for every kind and transport", (get) => {
  let accountId: string;
  let otherAccountId: string;
  let owner: { id: string; email: string };
  let apiUser: { id: string; email: string };
  let plainUser: { id: string; email: string };
  let accountKey: string;
  let otherAccountKey: string;

  async function issue(
    kind: CredentialKind,
    input: {
      userId?: string | null;
      accountId?: string;
      status?: string;
      expiresAt?: Date | null;
      scopes?: string | null;
      accountKeyOf?: string;
    },
  ) {
    const { db } = get();
    const issued = await db.$transaction((tx) =>
      issueCredential(tx, kind, {
        accountId: input.accountId ?? accountId,
        userId: input.userId === undefined ? owner.id : input.userId,
        createdById: null,
        name: `${kind.label} ${Math.random()}`,
        expiresAt: input.expiresAt,
        scopes: input.scopes,
        accountKeyOf: input.accountKeyOf,
      }),
    );
    if (input.status) await db.credential.update({ where: { id: issued.id }, data: { status: input.status } });
    return issued;
  }

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    otherAccountId = await createAccount(db, "Other Network");
    owner = await createTestUser(db, accountId);
    apiUser = await createTestUser(db, accountId, { isApiUser: true });
    plainUser = await createTestUser(db, accountId);
    accountKey = (await issue(accountApiKey, { userId: null, accountKeyOf: accountId })).secret;
    otherAccountKey = (
      await issue(accountApiKey, { userId: null, accountId: otherAccountId, accountKeyOf: otherAccountId })
    ).secret;
  });

  const verify = (
    parts: { method?: string; headers?: Record<string, string>; query?: string },
    options: Partial<VerifyOptions> = {},
  ) =>
    verifyRequest(
      {
        method: parts.method ?? "GET",
        headers: headers(parts.headers ?? {}),
        searchParams: new URLSearchParams(parts.query),
      },
      { now: NOW, database: get().db, ...options },
    );

  const refused = async (parts: Parameters<typeof verify>[0], options: Partial<VerifyOptions> = {}) => {
    const result = await verify(parts, options);
    if (!("code" in result)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
    return { code: result.code, status: result.status, description: result.description };
  };
  const invalidToken = (description: string) => ({ code: "invalid_token", status: 401, description });

  it("answers with the owner, the credential and its scopes", async () => {
    const { db } = get();
    const pat = await issue(personalCredential, { scopes: "users:read advertisers:read" });
    const principal = await verify({ headers: { authorization: pat.secret } });
    const user = await db.user.findUniqueOrThrow({
      where: { id: owner.id },
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        status: true,
        isApiUser: true,
        advertiserId: true,
        publisherId: true,
      },
    });
    expect(principal).toEqual({
      accountId,
      user,
      credential: { id: pat.id, kind: "pat", hint: pat.hint, transport: "authorization" },
      scopes: ["users:read", "advertisers:read"],
      // Not narrowed to chosen organizations: all its owner reaches.
      grant: { advertisers: null, publishers: null },
      // No rate limit on it or its account: no rate-limit header fields.
      rateLimitHeaders: {},
    });
    const unscoped = await issue(apiKey, {});
    expect(await verify({ headers: { "x-api-key": unscoped.secret } })).toMatchObject({
      credential: { id: unscoped.id, kind: "key", transport: "x-api-key" },
      scopes: null,
    });
  });

  it("records the use, for the credential and for the account key beside an auth token", async () => {
    const { db } = get();
    const pat = await issue(personalCredential, {});
    const token = await issue(authToken, { userId: apiUser.id });
    const key = await db.credential.findUniqueOrThrow({ where: { secretHash: hashSecret(accountKey) } });
    await flushLastUsed();
    await verify({ headers: { authorization: `Bearer ${pat.secret}` } });
    await verify({ headers: { authorization: `Bearer ${token.secret}`, user_key: accountKey } });
    await flushLastUsed();
    for (const id of [pat.id, token.id, key.id]) {
      expect((await db.credential.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime(), id).toBe(NOW);
    }
  });

  it("passes on what extraction refuses", async () => {
    expect(await refused({})).toMatchObject({ code: null, status: 401 });
    expect(await refused({ headers: { authorization: "Basic abc" } })).toMatchObject({ code: "invalid_token" });
  });

  it("takes query-string tokens only while the credential's account has them switched on", async () => {
    const { db } = get();
    const pat = await issue(personalCredential, {});
    const switchQueryTokens = async (on: boolean) => {
      await updateApiSettings(
        db,
        accountId,
        { allowQueryTokens: on },
        { id: owner.id, label: owner.email, accountId },
        { ip: null, userAgent: null },
      );
      invalidateCredentialCache();
    };
    await switchQueryTokens(false);
    try {
      expect(await refused({ query: `oauth_token=${pat.secret}` })).toEqual({
        code: "invalid_request",
        status: 400,
        description:
          "Tokens in the query string are switched off for this account; send the token in the Authorization header",
      });
      expect(await verify({ headers: { authorization: pat.secret } })).toMatchObject({ credential: { id: pat.id } });
    } finally {
      await switchQueryTokens(true);
    }
    expect(await verify({ query: `oauth_token=${pat.secret}` })).toMatchObject({
      credential: { id: pat.id, transport: "query" },
    });
  });

  it("refuses malformed, mistyped, unknown and foreign-kind secrets before trusting them", async () => {
    const pat = await issue(personalCredential, {});
    expect(await refused({ headers: { authorization: "kw_pat_tooshort" } })).toEqual(
      invalidToken("The credential is malformed"),
    );
    const mistyped = pat.secret.slice(0, 12) + (pat.secret[12] === "a" ? "b" : "a") + pat.secret.slice(13);
    expect(await refused({ headers: { authorization: mistyped } })).toEqual(
      invalidToken("The credential is mistyped or truncated (bad checksum)"),
    );
    expect(await refused({ headers: { authorization: mintSecret("zzz") } })).toEqual(
      invalidToken("The credential is of an unknown kind"),
    );
    expect(await refused({ headers: { authorization: mintSecret("pat") } })).toEqual(
      invalidToken("The credential is not known"),
    );
    // A stored row whose kind is not the secret's prefix is not that credential.
    const secret = mintSecret("pat");
    await get().db.credential.create({
      data: { accountId, kind: "key", userId: owner.id, name: "odd", secretHash: hashSecret(secret), hint: "odd" },
    });
    expect(await refused({ headers: { authorization: secret } })).toEqual(invalidToken("The credential is not known"));
  });

  it("accepts each kind only on its own transports", async () => {
    const pat = await issue(personalCredential, {});
    const key = await issue(apiKey, {});
    expect(await refused({ headers: { authorization: `key ${pat.secret}` } })).toEqual(
      invalidToken("This kind of credential (API credential) cannot be sent that way; see the API documentation"),
    );
    expect(await refused({ headers: { authorization: `Bearer ${key.secret}` } })).toEqual(
      invalidToken("This kind of credential (API key) cannot be sent that way; see the API documentation"),
    );
    expect(await refused({ headers: { authorization: `Bearer ${accountKey}` } })).toEqual(
      invalidToken("This kind of credential (Account API key) cannot be sent that way; see the API documentation"),
    );
    expect(await verify({ headers: { authorization: `key ${key.secret}` } })).toMatchObject({
      credential: { id: key.id, transport: "key" },
    });
    expect(await refused({ headers: { authorization: pat.secret, user_key: accountKey } })).toEqual({
      code: "invalid_request",
      status: 400,
      description: "user_key is sent only with auth tokens",
    });
  });

  it("refuses revoked, deactivated and expired credentials (expiry is the instant itself)", async () => {
    const revoked = await issue(personalCredential, { status: "revoked" });
    const inactive = await issue(personalCredential, { status: "inactive" });
    const expiring = await issue(personalCredential, { expiresAt: new Date(NOW) });
    expect(await refused({ headers: { authorization: revoked.secret } })).toEqual(
      invalidToken("The credential has been revoked"),
    );
    expect(await refused({ headers: { authorization: inactive.secret } })).toEqual(
      invalidToken("The credential is deactivated"),
    );
    expect(await refused({ headers: { authorization: expiring.secret } })).toEqual(
      invalidToken("The credential has expired"),
    );
    expect(await refused({ headers: { authorization: expiring.secret } }, { now: NOW + 1 })).toEqual(
      invalidToken("The credential has expired"),
    );
    expect(await verify({ headers: { authorization: expiring.secret } }, { now: NOW - 1 })).toMatchObject({
      credential: { id: expiring.id },
    });
  });

  it("accepts a rolled API key until its grace period ends, then refuses it as expired; a revoke ends the grace early", async () => {
    const { db } = get();
    const admin = {
      ...(await createTestUser(db, accountId, { role: "super_admin" })),
      accountId,
      role: "super_admin" as const,
    };
    const context = { ip: "198.51.100.40", userAgent: "vitest" };
    const HOUR = 3_600_000;
    const rollAt = new Date(NOW);
    const keyOf = async (name: string) => {
      const created = await createApiKey(db, admin, { name, userId: owner.id }, context, rollAt);
      if (!("created" in created)) throw new Error("expected a key");
      const rolled = await rollApiKey(db, admin, created.created.id, 1, context, { now: rollAt });
      if (!("rolled" in rolled)) throw new Error("expected a roll");
      return { old: created.created, successor: rolled.rolled };
    };

    const { old, successor } = await keyOf("Rolled, lives through its grace");
    for (const secret of [old.secret, successor.secret]) {
      expect(await verify({ headers: { "x-api-key": secret } }, { now: NOW + HOUR - 1 })).toMatchObject({
        credential: { kind: "key" },
      });
    }
    expect(await refused({ headers: { "x-api-key": old.secret } }, { now: NOW + HOUR })).toEqual(
      invalidToken("The credential has expired"),
    );
    expect(await verify({ headers: { "x-api-key": successor.secret } }, { now: NOW + HOUR })).toMatchObject({
      credential: { id: successor.id },
    });

    const revoked = await keyOf("Rolled, then revoked during its grace");
    await revokeApiKey(db, admin, revoked.old.id, context, new Date(NOW + 60_000));
    expect(await refused({ headers: { "x-api-key": revoked.old.secret } }, { now: NOW + 120_000 })).toEqual(
      invalidToken("The credential has been revoked"),
    );
    expect(await verify({ headers: { "x-api-key": revoked.successor.secret } }, { now: NOW + 120_000 })).toMatchObject({
      credential: { id: revoked.successor.id },
    });
    await flushLastUsed();
  });

  it("uses the current time when none is given", async () => {
    const past = await issue(personalCredential, { expiresAt: new Date(Date.now() - 60_000) });
    const future = await issue(personalCredential, { expiresAt: new Date(Date.now() + 60_000) });
    expect(await refused({ headers: { authorization: past.secret } }, { now: undefined })).toEqual(
      invalidToken("The credential has expired"),
    );
    expect(await verify({ headers: { authorization: future.secret } }, { now: undefined })).toMatchObject({
      credential: { id: future.id },
    });
  });

  it("refuses credentials whose owner is gone, disabled or not yet active", async () => {
    const { db } = get();
    const disabled = await createTestUser(db, accountId, { status: "disabled" });
    const unverified = await createTestUser(db, accountId, { status: "unverified" });
    for (const user of [disabled, unverified]) {
      const pat = await issue(personalCredential, { userId: user.id });
      expect(await refused({ headers: { authorization: pat.secret } })).toEqual(
        invalidToken("The credential's owner is disabled"),
      );
    }
    const ownerless = await issue(personalCredential, { userId: null });
    expect(await refused({ headers: { authorization: ownerless.secret } })).toEqual(
      invalidToken("The credential has no owner"),
    );
  });

  it("accepts an auth token only from an API user and only with its own account's valid API key", async () => {
    const token = await issue(authToken, { userId: apiUser.id });
    const bearer = (userKey?: string) => ({
      headers: { authorization: `Bearer ${token.secret}`, ...(userKey === undefined ? {} : { user_key: userKey }) },
    });
    expect(await verify(bearer(accountKey))).toMatchObject({
      accountId,
      user: { id: apiUser.id },
      credential: { id: token.id, kind: "at", transport: "bearer" },
    });
    expect(await verify({ query: `access_token=${token.secret}`, headers: { user_key: accountKey } })).toMatchObject({
      credential: { id: token.id, transport: "query" },
    });

    expect(await refused(bearer())).toEqual(
      invalidToken("An auth token is valid only with the account API key in the user_key header"),
    );
    expect(await refused(bearer("not-a-key"))).toEqual(invalidToken("user_key is not an account API key"));
    expect(await refused(bearer(token.secret))).toEqual(invalidToken("user_key is not an account API key"));
    expect(await refused(bearer(mintSecret("ak")))).toEqual(invalidToken("user_key is not this account's API key"));
    expect(await refused(bearer(otherAccountKey))).toEqual(invalidToken("user_key is not this account's API key"));
    // A stored row with an account-key secret that is not an account key.
    const lookalike = mintSecret("ak");
    await get().db.credential.create({
      data: { accountId, kind: "key", userId: owner.id, name: "odd", secretHash: hashSecret(lookalike), hint: "odd" },
    });
    expect(await refused(bearer(lookalike))).toEqual(invalidToken("user_key is not this account's API key"));

    const notApiUser = await issue(authToken, { userId: plainUser.id });
    expect(await refused({ headers: { authorization: `Bearer ${notApiUser.secret}`, user_key: accountKey } })).toEqual(
      invalidToken("The credential's owner is no longer an API user"),
    );
  });

  it("refuses an auth token whose account key is revoked, deactivated or expired", async () => {
    const { db } = get();
    const accountIdOf = await createAccount(db, "Third Network");
    const user = await createTestUser(db, accountIdOf, { isApiUser: true });
    const token = await issue(authToken, { userId: user.id, accountId: accountIdOf });
    const key = await issue(accountApiKey, {
      userId: null,
      accountId: accountIdOf,
      accountKeyOf: accountIdOf,
      expiresAt: new Date(NOW + 1000),
    });
    const request = { headers: { authorization: `Bearer ${token.secret}`, user_key: key.secret } };
    expect(await verify(request)).toMatchObject({ credential: { id: token.id } });
    expect(await refused(request, { now: NOW + 1000 })).toEqual(invalidToken("The credential has expired"));
    for (const [status, description] of [
      ["inactive", "The credential is deactivated"],
      ["revoked", "The credential has been revoked"],
    ] as const) {
      await db.credential.update({ where: { id: key.id }, data: { status } });
      invalidateCredentialCache();
      expect(await refused(request), status).toEqual(invalidToken(description));
    }
  });

  it("calls a stored credential of an ownerless kind usable on its own state alone (judgeCredential still refuses the account key alone: it has no transport)", async () => {
    const record = await loadCredentialRecord(get().db, hashSecret(accountKey));
    expect(record).not.toBeNull();
    expect(refusalOf(record!, accountApiKey, NOW)).toBeNull();
    expect(refusalOf({ ...record!, status: "revoked" }, accountApiKey, NOW)).toMatchObject({
      description: "The credential has been revoked",
    });
    expect(refusalOf({ ...record!, owner: null }, personalCredential, NOW)).toMatchObject({
      description: "The credential has no owner",
    });
  });
  it("never accepts a stored credential of a kind with no transport, even one with an active owner and no transport named (introspection)", async () => {
    const { db } = get();
    // Authorization codes live in their own table; a Credential row of that kind can only be
    // planted, and must still be worth nothing on its own.
    const secret = mintSecret(oauthAuthorizationCode.code);
    await db.credential.create({
      data: {
        accountId,
        kind: oauthAuthorizationCode.code,
        userId: owner.id,
        name: "planted",
        secretHash: hashSecret(secret),
        hint: "planted",
      },
    });
    const judged = await judgeCredential({ token: secret, userKey: null }, { now: NOW, database: async () => db });
    expect(judged).toMatchObject({
      code: "invalid_token",
      description:
        "This kind of credential (OAuth authorization code) cannot be sent that way; see the API documentation",
    });
    expect(await refused({ headers: { authorization: secret } })).toEqual(
      invalidToken(
        "This kind of credential (OAuth authorization code) cannot be sent that way; see the API documentation",
      ),
    );
  });
});

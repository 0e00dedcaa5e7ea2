// OpenID Connect on both databases: the ID token's claims verified with jose against the JWKS,
// signing keys per account (each account's first key made exactly once by racing instances; a
// rotation by one account's super admin leaves every other account's key alone; the JWKS has
// them all), rotation (the old key published until its ID tokens have expired, then gone), and
// UserInfo by scope.
import { randomBytes } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { createDb } from "@/lib/db/client";
import { uniqueViolationOn } from "@/lib/credentials/issue";
import { verifyRequest, type Principal } from "@/lib/verifier/verify";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { checkAuthorizationRequest, promptOutcome } from "./authorization-request";
import { issueAuthorizationCode } from "./authorization-codes";
import { registerClient, withSecret, type ConfidentialClient } from "./clients";
import { authorizationCodeGrant, clientCredentialsGrant } from "./grants";
import { jwksResponse } from "./jwks";
import { openIdConfiguration, authorizationServerMetadata } from "./metadata";
import { s256Challenge } from "./pkce";
import {
  currentSigningKey,
  ID_TOKEN_LIFETIME_SECONDS,
  publishedKeys,
  RETIRED_KEY_PUBLISHED_MS,
  rotateSigningKey,
  signingKeyViews,
} from "./signing-keys";
import { userInfoFor } from "./userinfo";
import type { NewOAuthClientInput } from "../validations/oauth-client";

const context: RequestContext = { ip: "198.51.100.30", userAgent: "vitest" };
const ISSUER = "https://keyward.example.test";
const REDIRECT = "https://rp.example.test/callback";

type Admin = { id: string; email: string; accountId: string; role: "super_admin" };
type SignedInUser = { id: string; email: string; accountId: string; signedInAt: Date };
/** One account with a super admin, a user and a relying party registered in it. */
interface Tenant {
  accountId: string;
  admin: Admin;
  user: SignedInUser;
  app: ConfidentialClient;
}

describeEachDatabase("OpenID Connect", (get) => {
  let accountId: string;
  let admin: Admin;
  let user: SignedInUser;
  let app: ConfidentialClient;
  /** A second account: its keys must never move when account A's do, nor A's when its do. */
  let other: Tenant;

  async function arrangeTenant(): Promise<Tenant> {
    const { db } = get();
    const accountId = await createAccount(db);
    const admin: Admin = {
      ...(await createTestUser(db, accountId, { role: "super_admin" })),
      accountId,
      role: "super_admin",
    };
    const service = await createTestUser(db, accountId, { isApiUser: true });
    const advertiser = await createTestUser(db, accountId, { role: "advertiser_user" });
    const user = { ...advertiser, accountId, signedInAt: new Date(Date.now() - 60_000) };
    const result = await registerClient(
      db,
      admin,
      {
        name: `RP ${randomBytes(3).toString("hex")}`,
        redirectUris: REDIRECT,
        grantTypes: ["authorization_code", "client_credentials"],
        scopes: ["openid", "profile", "email", "advertisers:read"],
        serviceUserId: service.id,
        canIntrospect: false,
      },
      context,
    );
    if (!("registered" in result)) throw new Error("expected a new app");
    return { accountId, admin, user, app: withSecret(result.registered) };
  }

  beforeAll(async () => {
    ({ accountId, admin, user, app } = await arrangeTenant());
    other = await arrangeTenant();
  });

  /** The whole code flow through lib/: the request checked, the user allows, the code exchanged. */
  async function codeFlow(
    scope: string,
    extra: Record<string, string> = {},
    tenant: Tenant = { accountId, admin, user, app },
  ) {
    const { db } = get();
    const { app, user } = tenant;
    const verifier = randomBytes(32).toString("base64url");
    const check = await checkAuthorizationRequest(
      db,
      new URLSearchParams({
        response_type: "code",
        client_id: app.client.clientId,
        redirect_uri: REDIRECT,
        scope,
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
        ...extra,
      }),
      ISSUER,
    );
    if (!check.ok) throw new Error(`expected a valid request: ${JSON.stringify(check)}`);
    const code = await issueAuthorizationCode(db, user, check.request, context);
    return authorizationCodeGrant(
      db,
      app.client,
      new URLSearchParams({ code, redirect_uri: REDIRECT, code_verifier: verifier }),
      context,
      new Date(),
      ISSUER,
    );
  }

  async function jwks(now = new Date()) {
    const response = await jwksResponse(get().db, now);
    expect(response.headers.get("cache-control")).toMatch(/max-age=\d+/);
    return (await response.json()) as { keys: Array<Record<string, unknown>> };
  }

  async function principalOf(accessToken: string): Promise<Principal> {
    const principal = await verifyRequest(
      {
        method: "GET",
        headers: new Headers({ authorization: `Bearer ${accessToken}` }),
        searchParams: new URLSearchParams(),
      },
      { database: get().db, refusalLimit: null },
    );
    if (!("user" in principal)) throw principal;
    return principal;
  }

  /** The kid of an account's current key, read from the table. */
  async function currentKid(account: string): Promise<string> {
    return (await get().db.signingKey.findFirstOrThrow({ where: { accountId: account, currentSlot: 1 } })).id;
  }

  it("two instances racing for each account's first signing key make exactly one per account, audited once each", async () => {
    const { db, kind, url, sqlitePath } = get();
    const second = await createDb({ kind, url, ...(sqlitePath ? { sqlitePath } : {}) });
    try {
      const [a1, b1, a2, b2, a3, b3, a4, b4] = await Promise.all([
        currentSigningKey(db, accountId),
        currentSigningKey(second, other.accountId),
        currentSigningKey(second, accountId),
        currentSigningKey(db, other.accountId),
        currentSigningKey(db, accountId),
        currentSigningKey(second, other.accountId),
        currentSigningKey(second, accountId),
        currentSigningKey(db, other.accountId),
      ]);
      const kidsOfA = new Set([a1, a2, a3, a4].map((key) => key.kid));
      const kidsOfB = new Set([b1, b2, b3, b4].map((key) => key.kid));
      expect(kidsOfA.size).toBe(1);
      expect(kidsOfB.size).toBe(1);
      expect([...kidsOfA][0]).not.toBe([...kidsOfB][0]);
      expect(await db.signingKey.count({ where: { accountId } })).toBe(1);
      expect(await db.signingKey.count({ where: { accountId: other.accountId } })).toBe(1);
      for (const account of [accountId, other.accountId]) {
        const created = await db.auditEvent.findMany({
          where: { action: "oidc.signing_key_created", accountId: account },
        });
        expect(created.map((event) => event.targetId)).toEqual([await currentKid(account)]);
      }
      // The private key is stored sealed, never as a JWK anyone could read.
      const row = await db.signingKey.findFirstOrThrow({ where: { accountId } });
      expect(row.privateJwkSealed).toMatch(/^v1\./);
      expect(row.privateJwkSealed).not.toContain('"d"');
      expect(JSON.parse(row.publicJwk)).not.toHaveProperty("d");
      // What settles the race: the index admits one current key per account, and the loser's error is recognised.
      const duplicate = db.signingKey.create({
        data: { id: "second", accountId, alg: "ES256", publicJwk: "{}", privateJwkSealed: "x", currentSlot: 1 },
      });
      await expect(duplicate).rejects.toSatisfy((error) => uniqueViolationOn(error, "currentSlot"));
      // ...while retired keys (currentSlot null) may be many, in any account.
      for (const id of ["retired-1", "retired-2"])
        await db.signingKey.create({
          data: { id, accountId, alg: "ES256", publicJwk: "{}", privateJwkSealed: "x", retiredAt: new Date(0) },
        });
      await db.signingKey.deleteMany({ where: { id: { in: ["retired-1", "retired-2"] } } });
    } finally {
      await second.$disconnect();
    }
  });

  it("the ID token carries iss, sub, aud, exp, iat, auth_time, nonce, name, email; verified with jose against the JWKS", async () => {
    const nonce = randomBytes(12).toString("base64url");
    const token = await codeFlow("openid profile email advertisers:read", { nonce });
    expect(token.scope).toBe("openid profile email advertisers:read");
    expect(token.id_token).toBeTypeOf("string");
    const { payload, protectedHeader } = await jwtVerify(token.id_token!, createLocalJWKSet(await jwks()), {
      issuer: ISSUER,
      audience: app.client.clientId,
      algorithms: ["ES256"],
    });
    // Signed with the user's account's key, which the JWKS publishes beside the other account's.
    expect(protectedHeader).toMatchObject({ alg: "ES256", kid: await currentKid(accountId) });
    expect(payload).toMatchObject({
      sub: user.id,
      nonce,
      auth_time: Math.floor(user.signedInAt.getTime() / 1000),
      name: "Test advertiser_user",
      email: user.email,
      email_verified: false,
    });
    expect(payload.exp! - payload.iat!).toBe(ID_TOKEN_LIFETIME_SECONDS);
  });

  it("only the claims the scopes allow; no ID token without openid", async () => {
    const plain = await codeFlow("openid");
    const claims = (await jwtVerify(plain.id_token!, createLocalJWKSet(await jwks()))).payload;
    expect(claims).not.toHaveProperty("name");
    expect(claims).not.toHaveProperty("email");
    expect(claims).not.toHaveProperty("nonce");
    const api = await codeFlow("advertisers:read");
    expect(api.id_token).toBeUndefined();
  });

  it("UserInfo: sub and the claims per scope; 403 insufficient_scope without openid; an identity-only token opens no API route", async () => {
    const full = await codeFlow("openid profile email");
    expect(userInfoFor(await principalOf(full.access_token))).toEqual({
      sub: user.id,
      name: "Test advertiser_user",
      email: user.email,
      email_verified: false,
    });
    const idOnly = await codeFlow("openid");
    expect(userInfoFor(await principalOf(idOnly.access_token))).toEqual({ sub: user.id });
    // The identity scopes are no API privilege: the verifier refuses this token every API scope.
    await expect(
      verifyRequest(
        {
          method: "GET",
          headers: new Headers({ authorization: `Bearer ${idOnly.access_token}` }),
          searchParams: new URLSearchParams(),
        },
        { database: get().db, refusalLimit: null, scope: "advertisers:read" },
      ),
    ).resolves.toMatchObject({ status: 403, code: "insufficient_scope" });
    const apiOnly = await codeFlow("advertisers:read");
    let refusal: unknown;
    try {
      userInfoFor(await principalOf(apiOnly.access_token));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ status: 403, code: "insufficient_scope" });
  });

  it("client credentials cannot ask for identity scopes, and do not get them by default", async () => {
    const { db } = get();
    const form = (scope?: string) => new URLSearchParams(scope ? { scope } : {});
    await expect(clientCredentialsGrant(db, app.client, form("openid"), context)).rejects.toMatchObject({
      code: "invalid_scope",
    });
    const token = await clientCredentialsGrant(db, app.client, form(), context);
    expect(token.scope).toBe("advertisers:read");
    expect(token.id_token).toBeUndefined();
  });

  it("a registration with profile but no openid, or identity scopes without the code grant, is refused", async () => {
    const { db } = get();
    const attempt = (scopes: NewOAuthClientInput["scopes"], grantTypes: NewOAuthClientInput["grantTypes"]) =>
      registerClient(
        db,
        admin,
        { name: "Bad RP", redirectUris: REDIRECT, grantTypes, scopes, serviceUserId: admin.id, canIntrospect: false },
        context,
      );
    await expect(attempt(["profile"], ["authorization_code"])).rejects.toThrow(/need openid/);
    await expect(attempt(["openid"], ["client_credentials"])).rejects.toThrow(/authorization code grant/);
  });

  it("prompt=none and max_age are answered to the app; nonce is checked for length", async () => {
    const { db } = get();
    const params = (extra: Record<string, string>) =>
      new URLSearchParams({
        response_type: "code",
        client_id: app.client.clientId,
        redirect_uri: REDIRECT,
        scope: "openid",
        code_challenge: s256Challenge(randomBytes(32).toString("base64url")),
        code_challenge_method: "S256",
        ...extra,
      });
    const none = await checkAuthorizationRequest(db, params({ prompt: "none" }), ISSUER);
    if (!none.ok) throw new Error("expected a valid request");
    expect(promptOutcome(none.request, null)?.error).toBe("login_required");
    // Signed in: whether prompt=none must be refused is consent-decision's (connected-apps.test.ts).
    expect(promptOutcome(none.request, new Date())).toBeNull();
    const aged = await checkAuthorizationRequest(db, params({ max_age: "30" }), ISSUER);
    if (!aged.ok) throw new Error("expected a valid request");
    expect(promptOutcome(aged.request, new Date(Date.now() - 60_000))?.error).toBe("login_required");
    expect(promptOutcome(aged.request, new Date(Date.now() - 10_000))).toBeNull();
    const bad = await checkAuthorizationRequest(db, params({ prompt: "login" }), ISSUER);
    expect(bad).toMatchObject({ ok: false, redirect: expect.stringContaining("error=invalid_request") });
    const long = await checkAuthorizationRequest(db, params({ nonce: "n".repeat(513) }), ISSUER);
    expect(long).toMatchObject({ ok: false, redirect: expect.stringContaining("error=invalid_request") });
  });

  it("rotation: a new kid signs; the old key stays in the JWKS until its ID tokens have expired, then is gone", async () => {
    const { db } = get();
    const before = await codeFlow("openid");
    const oldKid = decodeProtectedHeader(before.id_token!).kid!;
    const rotatedAt = new Date();
    const otherBefore = await codeFlow("openid", {}, other);
    const otherKid = decodeProtectedHeader(otherBefore.id_token!).kid!;
    expect(otherKid).not.toBe(oldKid);
    const rotated = await rotateSigningKey(db, admin, context, rotatedAt);
    expect(rotated.retiredKid).toBe(oldKid);
    const after = await codeFlow("openid");
    expect(decodeProtectedHeader(after.id_token!).kid).toBe(rotated.kid);
    // The other account's key did not move: its next ID token names the same kid.
    expect(await currentKid(other.accountId)).toBe(otherKid);
    const otherAfter = await codeFlow("openid", {}, other);
    expect(decodeProtectedHeader(otherAfter.id_token!).kid).toBe(otherKid);

    const keySet = await jwks();
    expect(keySet.keys.map((key) => key.kid).sort()).toEqual([rotated.kid, oldKid, otherKid].sort());
    await expect(
      jwtVerify(otherAfter.id_token!, createLocalJWKSet(keySet), {
        issuer: ISSUER,
        audience: other.app.client.clientId,
      }),
    ).resolves.toBeTruthy();
    // The token signed before the rotation still verifies against the published set.
    await expect(jwtVerify(before.id_token!, createLocalJWKSet(keySet), { issuer: ISSUER })).resolves.toBeTruthy();
    expect(keySet.keys.every((key) => !("d" in key))).toBe(true);

    const lastExpiry = new Date(rotatedAt.getTime() + ID_TOKEN_LIFETIME_SECONDS * 1000);
    expect((await publishedKeys(db, lastExpiry)).map((key) => key.kid)).toContain(oldKid);
    const past = new Date(rotatedAt.getTime() + RETIRED_KEY_PUBLISHED_MS + 1000);
    expect((await publishedKeys(db, past)).map((key) => key.kid).sort()).toEqual([rotated.kid, otherKid].sort());
    // Each account's screen shows its own keys and nothing of the other's.
    const views = await signingKeyViews(db, accountId, past);
    expect(views.map((view) => [view.kid, view.status])).toEqual([
      [rotated.kid, "current"],
      [oldKid, "dropped"],
    ]);
    expect((await signingKeyViews(db, other.accountId, past)).map((view) => [view.kid, view.status])).toEqual([
      [otherKid, "current"],
    ]);

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "oidc.signing_key_rotated" } });
    expect(audit).toMatchObject({ actorId: admin.id, targetId: rotated.kid, accountId });
  });

  it("a super admin of another account rotates only that account's key: account A's key and ID tokens are untouched", async () => {
    const { db } = get();
    const kidOfA = await currentKid(accountId);
    const kidOfB = await currentKid(other.accountId);
    const tokenOfA = await codeFlow("openid");
    expect(decodeProtectedHeader(tokenOfA.id_token!).kid).toBe(kidOfA);

    // rotateSigningKey takes the admin and rotates the admin's account: there is no way to name another.
    const rotated = await rotateSigningKey(db, other.admin, context);
    expect(rotated.retiredKid).toBe(kidOfB);
    expect(await currentKid(other.accountId)).toBe(rotated.kid);
    expect(await currentKid(accountId)).toBe(kidOfA);
    expect(await db.signingKey.count({ where: { accountId, retiredAt: { not: null } } })).toBe(1);

    // A's next ID token still names A's kid, and verifies against the JWKS with it.
    const nextOfA = await codeFlow("openid");
    expect(decodeProtectedHeader(nextOfA.id_token!).kid).toBe(kidOfA);
    const keySet = createLocalJWKSet(await jwks());
    for (const token of [tokenOfA, nextOfA])
      await expect(
        jwtVerify(token.id_token!, keySet, { issuer: ISSUER, audience: app.client.clientId, algorithms: ["ES256"] }),
      ).resolves.toMatchObject({ protectedHeader: { kid: kidOfA } });
    const nextOfB = await codeFlow("openid", {}, other);
    expect(decodeProtectedHeader(nextOfB.id_token!).kid).toBe(rotated.kid);

    // The audit row is B's, not A's.
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "oidc.signing_key_rotated", targetId: rotated.kid },
    });
    expect(audit).toMatchObject({ actorId: other.admin.id, accountId: other.accountId });
    expect(await db.auditEvent.count({ where: { action: "oidc.signing_key_rotated", accountId } })).toBe(1);
  });

  it("two rotations at once: one wins, the other is refused, one current key remains", async () => {
    const { db } = get();
    const results = await Promise.allSettled([
      rotateSigningKey(db, admin, context),
      rotateSigningKey(db, admin, context),
    ]);
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const result of results)
      if (result.status === "rejected") expect(result.reason).toMatchObject({ status: 409 });
    expect(await db.signingKey.count({ where: { accountId, currentSlot: 1 } })).toBe(1);
    expect(await db.signingKey.count({ where: { currentSlot: 1 } })).toBe(2);
  });

  it("discovery agrees with the RFC 8414 document and lists exactly what is supported", () => {
    const oidc = openIdConfiguration(ISSUER);
    const oauth = authorizationServerMetadata(ISSUER);
    expect(oidc).toMatchObject(oauth);
    expect(oidc).toMatchObject({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/oauth2/jwks`,
      userinfo_endpoint: `${ISSUER}/oauth2/userinfo`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["ES256"],
      code_challenge_methods_supported: ["S256"],
    });
    expect(oidc.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email"]));
  });
});

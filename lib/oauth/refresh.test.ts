// Refresh tokens on both databases: issued with the code grant to apps registered for them,
// rotated at every use, a replay revoking the whole family (the access tokens refreshed from it
// included), the loser of two racing refreshes answered as a replay, idle and absolute expiry,
// scope narrowing, the wrong app, revocation (RFC 7009) and introspection.
import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { parseSecret } from "@/lib/credentials/format";
import { hashSecret } from "@/lib/credentials/hash";
import { REFRESH_FAMILY_LIFETIME_SECONDS, REFRESH_IDLE_SECONDS } from "@/lib/credentials/kinds/oauth-refresh-token";
import { verifyRequest } from "@/lib/verifier/verify";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { checkAuthorizationRequest } from "./authorization-request";
import { issueAuthorizationCode } from "./authorization-codes";
import { deleteClient, registerClient, withSecret, type ConfidentialClient } from "./clients";
import { authorizationCodeGrant, type TokenResponse } from "./grants";
import { introspectToken } from "./introspection";
import { s256Challenge } from "./pkce";
import { refreshTokenGrant } from "./refresh-grant";
import { revokeForClient } from "./revocation";

const context: RequestContext = { ip: "198.51.100.21", userAgent: "vitest" };
const ISSUER = "https://keyward.example.test";
const REDIRECT = "https://app.example.test/callback";
const DAY_MS = 86_400_000;

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describeEachDatabase("OAuth refresh tokens", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let app: ConfidentialClient;
  let user: { id: string; email: string };

  async function register(grantTypes: string[], overrides: Record<string, unknown> = {}) {
    const result = await registerClient(
      get().db,
      admin,
      {
        name: `Refreshing ${randomBytes(3).toString("hex")}`,
        redirectUris: REDIRECT,
        grantTypes: grantTypes as never,
        scopes: ["advertisers:read", "publishers:read"],
        canIntrospect: true,
        ...overrides,
      },
      context,
    );
    if (!("registered" in result)) throw new Error("expected a new app");
    return result.registered;
  }

  /** The code grant's answer for `who`, through the consent a user gives in the browser. */
  async function consent(client: ConfidentialClient["client"], who = user, now = new Date()): Promise<TokenResponse> {
    const { db } = get();
    const verifier = randomBytes(32).toString("base64url");
    const check = await checkAuthorizationRequest(
      db,
      form({
        response_type: "code",
        client_id: client.clientId,
        redirect_uri: REDIRECT,
        scope: "advertisers:read publishers:read",
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
      }),
      ISSUER,
    );
    if (!check.ok) throw new Error(`expected a valid request: ${JSON.stringify(check)}`);
    const code = await issueAuthorizationCode(db, { ...who, accountId }, check.request, context, now);
    return authorizationCodeGrant(
      db,
      client,
      form({ code, redirect_uri: REDIRECT, code_verifier: verifier }),
      context,
      now,
    );
  }

  const refresh = (refreshToken: string, now?: Date, fields: Record<string, string> = {}, client = app.client) =>
    refreshTokenGrant(get().db, client, form({ refresh_token: refreshToken, ...fields }), context, now);

  const accepted = async (accessToken: string) => {
    const answer = await verifyRequest(
      {
        method: "GET",
        headers: new Headers({ authorization: `Bearer ${accessToken}` }),
        searchParams: new URLSearchParams(),
      },
      { database: get().db },
    );
    return !("status" in answer);
  };

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    user = await createTestUser(db, accountId, { role: "network_user" });
    app = withSecret(await register(["authorization_code", "refresh_token"]));
  });

  it("registers refresh_token only beside authorization_code; other apps get no refresh token", async () => {
    await expect(register(["refresh_token"])).rejects.toThrow(/only with the authorization code grant/);
    const plain = withSecret(await register(["authorization_code"]));
    const token = await consent(plain.client);
    expect(token.refresh_token).toBeUndefined();
    await expect(
      refreshTokenGrant(get().db, plain.client, form({ refresh_token: "kw_ort_x" }), context),
    ).rejects.toMatchObject({ code: "unauthorized_client" });
  });

  it("issues a kw_ort_ refresh token stored hashed in a family with its access token; the API refuses it clearly", async () => {
    const { db } = get();
    const token = await consent(app.client);
    expect(parseSecret(token.refresh_token!)).toEqual({ ok: true, code: "ort" });
    const stored = await db.credential.findFirstOrThrow({
      where: { secretHash: hashSecret(token.refresh_token!) },
      select: { kind: true, userId: true, oauthClientId: true, scopes: true, refreshFamilyId: true, expiresAt: true },
    });
    expect(stored).toMatchObject({
      kind: "ort",
      userId: user.id,
      oauthClientId: app.client.id,
      scopes: "advertisers:read publishers:read",
    });
    const access = await db.credential.findFirstOrThrow({
      where: { secretHash: hashSecret(token.access_token) },
      select: { refreshFamilyId: true },
    });
    expect(access.refreshFamilyId).toBe(stored.refreshFamilyId);
    const answer = await verifyRequest(
      {
        method: "GET",
        headers: new Headers({ authorization: `Bearer ${token.refresh_token}` }),
        searchParams: new URLSearchParams(),
      },
      { database: db },
    );
    expect(answer).toMatchObject({ status: 401, description: expect.stringContaining("not an access token") });
    expect(
      await db.auditEvent.count({ where: { action: "oauth.refresh_token_issued", targetLabel: { not: null } } }),
    ).toBeGreaterThan(0);
  });

  it("rotates at every use; a replay of a used one revokes the whole family, the newest access token included", async () => {
    const { db } = get();
    const first = await consent(app.client);
    const second = await refresh(first.refresh_token!);
    expect(second).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "advertisers:read publishers:read" });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const third = await refresh(second.refresh_token!);
    expect(await accepted(third.access_token)).toBe(true);
    expect(await accepted(first.access_token)).toBe(true);

    const introspected = await introspectToken(db, app.client, third.refresh_token!, ISSUER);
    expect(introspected).toMatchObject({
      active: true,
      token_type: "refresh_token",
      client_id: app.client.clientId,
      sub: user.id,
      keyward_kind: "ort",
    });
    expect(await introspectToken(db, app.client, second.refresh_token!, ISSUER)).toEqual({ active: false });

    await expect(refresh(first.refresh_token!)).rejects.toMatchObject({
      code: "invalid_grant",
      description: expect.stringContaining("already used"),
    });
    for (const token of [first, second, third]) expect(await accepted(token.access_token)).toBe(false);
    await expect(refresh(third.refresh_token!)).rejects.toMatchObject({
      code: "invalid_grant",
      description: expect.stringContaining("revoked"),
    });
    expect(await introspectToken(db, app.client, third.refresh_token!, ISSUER)).toEqual({ active: false });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "oauth.refresh_replayed" } });
    // Three access tokens and three refresh tokens (two used, one current).
    expect(audit.details).toContain('"tokensRevoked":6');
    expect(JSON.stringify(audit)).not.toContain(first.refresh_token);
  });

  it("two refreshes of one token at once: exactly one wins, and the family is then revoked (RFC 9700 4.14.2)", async () => {
    const token = await consent(app.client);
    const results = await Promise.allSettled([refresh(token.refresh_token!), refresh(token.refresh_token!)]);
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result) => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "invalid_grant" });
    // The server cannot tell the app from a thief: the winner's tokens are revoked too.
    const winner = (won[0] as PromiseFulfilledResult<TokenResponse>).value;
    expect(await accepted(winner.access_token)).toBe(false);
    await expect(refresh(winner.refresh_token!)).rejects.toMatchObject({ code: "invalid_grant" });
    const family = await get().db.credential.findFirstOrThrow({
      where: { secretHash: hashSecret(token.refresh_token!) },
      select: { refreshFamilyId: true },
    });
    expect(
      await get().db.credential.count({
        where: { refreshFamilyId: family.refreshFamilyId, kind: "ort", status: { not: "revoked" } },
      }),
    ).toBe(0);
  });

  it("lapses after the idle timeout, and ends with its family 30 days after the consent however often refreshed", async () => {
    const start = new Date();
    const idle = await consent(app.client, user, start);
    await expect(
      refresh(idle.refresh_token!, new Date(start.getTime() + REFRESH_IDLE_SECONDS * 1000)),
    ).rejects.toMatchObject({ code: "invalid_grant", description: expect.stringContaining("not used for 14 days") });

    let token = await consent(app.client, user, start);
    // Refreshed every 10 days: never idle, but the family's end comes anyway.
    for (let day = 10; day < 30; day += 10)
      token = await refresh(token.refresh_token!, new Date(start.getTime() + day * DAY_MS));
    const last = await get().db.credential.findFirstOrThrow({
      where: { secretHash: hashSecret(token.refresh_token!) },
      select: { expiresAt: true },
    });
    // Day 20 + 14 would pass the end: the last one expires at the family's end.
    expect(last.expiresAt!.getTime()).toBe(start.getTime() + REFRESH_FAMILY_LIFETIME_SECONDS * 1000);
    await expect(refresh(token.refresh_token!, new Date(start.getTime() + 30 * DAY_MS))).rejects.toMatchObject({
      code: "invalid_grant",
      description: expect.stringContaining("at most 30 days"),
    });
  });

  it("a scope may only narrow; the access token gets the narrowed one, the new refresh token keeps the original", async () => {
    const token = await consent(app.client);
    await expect(refresh(token.refresh_token!, undefined, { scope: "advertisers:write" })).rejects.toMatchObject({
      code: "invalid_scope",
    });
    await expect(refresh(token.refresh_token!, undefined, { scope: "no-such" })).rejects.toMatchObject({
      code: "invalid_scope",
    });
    const narrowed = await refresh(token.refresh_token!, undefined, { scope: "publishers:read" });
    expect(narrowed.scope).toBe("publishers:read");
    const again = await refresh(narrowed.refresh_token!);
    expect(again.scope).toBe("advertisers:read publishers:read");
  });

  it("refuses another app's refresh token without touching it, and malformed ones", async () => {
    const other = withSecret(await register(["authorization_code", "refresh_token"]));
    const token = await consent(app.client);
    await expect(refresh(token.refresh_token!, undefined, {}, other.client)).rejects.toMatchObject({
      code: "invalid_grant",
      description: expect.stringContaining("another app"),
    });
    await expect(refresh(token.access_token)).rejects.toMatchObject({ code: "invalid_grant" });
    await expect(refreshTokenGrant(get().db, app.client, form({}), context)).rejects.toMatchObject({
      code: "invalid_request",
    });
    // Still usable by its own app.
    expect((await refresh(token.refresh_token!)).refresh_token).toMatch(/^kw_ort_/);
  });

  it("revoking a refresh token (RFC 7009) revokes its family; another app's is left alone", async () => {
    const { db } = get();
    const token = await consent(app.client);
    const next = await refresh(token.refresh_token!);
    const other = withSecret(await register(["authorization_code", "refresh_token"]));
    expect(await revokeForClient(db, other.client, next.refresh_token!, context)).toBe(false);
    expect(await accepted(next.access_token)).toBe(true);
    expect(await revokeForClient(db, app.client, next.refresh_token!, context)).toBe(true);
    expect(await accepted(next.access_token)).toBe(false);
    expect(await accepted(token.access_token)).toBe(false);
    await expect(refresh(next.refresh_token!)).rejects.toMatchObject({ code: "invalid_grant" });
    expect(await revokeForClient(db, app.client, next.refresh_token!, context)).toBe(false);
    expect(await db.auditEvent.count({ where: { action: "oauth.refresh_family_revoked" } })).toBeGreaterThan(0);
  });

  it("a disabled user stops the family for good; a deleted app takes its refresh tokens with it", async () => {
    const { db } = get();
    const someone = await createTestUser(db, accountId, { role: "network_user" });
    const token = await consent(app.client, someone);
    await db.user.update({ where: { id: someone.id }, data: { status: "disabled" } });
    await expect(refresh(token.refresh_token!)).rejects.toMatchObject({
      code: "invalid_grant",
      description: expect.stringContaining("disabled"),
    });
    await db.user.update({ where: { id: someone.id }, data: { status: "active" } });
    await expect(refresh(token.refresh_token!)).rejects.toMatchObject({ code: "invalid_grant" });
    expect(await accepted(token.access_token)).toBe(false);

    const doomed = withSecret(await register(["authorization_code", "refresh_token"]));
    const doomedToken = await consent(doomed.client);
    await deleteClient(db, admin, doomed.client.id, context);
    const row = await db.credential.findFirstOrThrow({
      where: { secretHash: hashSecret(doomedToken.refresh_token!) },
      select: { status: true },
    });
    expect(row.status).toBe("revoked");
  });

  it("a replayed authorization code revokes the refresh family it started", async () => {
    const { db } = get();
    const verifier = randomBytes(32).toString("base64url");
    const check = await checkAuthorizationRequest(
      db,
      form({
        response_type: "code",
        client_id: app.client.clientId,
        redirect_uri: REDIRECT,
        scope: "advertisers:read",
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
      }),
      ISSUER,
    );
    if (!check.ok) throw new Error("expected a valid request");
    const code = await issueAuthorizationCode(db, { ...user, accountId }, check.request, context);
    const exchange = () =>
      authorizationCodeGrant(db, app.client, form({ code, redirect_uri: REDIRECT, code_verifier: verifier }), context);
    const token = await exchange();
    const refreshed = await refresh(token.refresh_token!);
    await expect(exchange()).rejects.toMatchObject({ code: "invalid_grant" });
    expect(await accepted(refreshed.access_token)).toBe(false);
    await expect(refresh(refreshed.refresh_token!)).rejects.toMatchObject({ code: "invalid_grant" });
  });
});

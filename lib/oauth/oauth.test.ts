import { listClients } from "./client-list";
import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { parseSecret } from "@/lib/credentials/format";
import { hashSecret } from "@/lib/credentials/hash";
import { verifyRequest } from "@/lib/verifier/verify";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { checkAuthorizationRequest } from "./authorization-request";
import { issueAuthorizationCode } from "./authorization-codes";
import { authenticateClient } from "./client-auth";
import { deleteClient, registerClient, rotateClientSecret, withSecret, type ConfidentialClient } from "./clients";
import { authorizationCodeGrant, clientCredentialsGrant } from "./grants";
import { introspectToken } from "./introspection";
import { s256Challenge } from "./pkce";
import { revokeForClient } from "./revocation";

const context: RequestContext = { ip: "198.51.100.20", userAgent: "vitest" };
const ISSUER = "https://keyward.example.test";
const REDIRECT = "https://app.example.test/callback";

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

function basic(clientId: string, secret: string): Headers {
  return new Headers({
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`,
  });
}

describeEachDatabase("OAuth 2.0 authorization server", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let service: { id: string; email: string };
  let advertiserUser: { id: string; email: string };
  let app: ConfidentialClient;

  async function register(overrides: Record<string, unknown> = {}): Promise<ConfidentialClient> {
    const result = await registerClient(
      get().db,
      admin,
      {
        name: `App ${randomBytes(3).toString("hex")}`,
        redirectUris: `${REDIRECT}\nhttp://127.0.0.1:8123/cb`,
        grantTypes: ["authorization_code", "client_credentials"],
        scopes: ["advertisers:read", "publishers:read", "users:read"],
        serviceUserId: service.id,
        canIntrospect: true,
        ...overrides,
      },
      context,
    );
    if (!("registered" in result)) throw new Error("expected a new app");
    return withSecret(result.registered);
  }

  const verifyBearer = (token: string) =>
    verifyRequest(
      {
        method: "GET",
        headers: new Headers({ authorization: `Bearer ${token}` }),
        searchParams: new URLSearchParams(),
      },
      { database: get().db },
    );

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    service = await createTestUser(db, accountId, { isApiUser: true });
    advertiserUser = await createTestUser(db, accountId, { role: "advertiser_user" });
    app = await register();
  });

  it("registers an app with a public kwc_ client_id and a kw_cs_ secret stored only as its hash, audited", async () => {
    const { db } = get();
    expect(app.client.clientId).toMatch(/^kwc_[0-9A-Za-z]{24}$/);
    expect(parseSecret(app.secret)).toEqual({ ok: true, code: "cs" });
    const stored = await db.credential.findFirstOrThrow({
      where: { oauthClientId: app.client.id, kind: "cs" },
      omit: { secretHash: false },
    });
    expect(stored).toMatchObject({ status: "active", hint: app.secretHint, secretHash: hashSecret(app.secret) });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "oauth.client_registered", targetId: app.client.id },
    });
    expect(JSON.stringify(audit)).not.toContain(app.secret);
  });

  it("refuses bad registrations field by field and writes nothing", async () => {
    const { db } = get();
    const before = await db.oAuthClient.count();
    await expect(register({ redirectUris: "http://evil.example.test/cb" })).rejects.toThrow(
      /plain http only for localhost/,
    );
    await expect(register({ redirectUris: "https://app.example.test/cb#frag" })).rejects.toThrow(/fragment/);
    await expect(register({ redirectUris: "javascript:alert(1)" })).rejects.toThrow(/Use https/);
    await expect(register({ redirectUris: "", grantTypes: ["authorization_code"] })).rejects.toThrow(
      /at least one redirect URI/,
    );
    await expect(register({ serviceUserId: "", grantTypes: ["client_credentials"] })).rejects.toThrow(
      /whose privileges/,
    );
    await expect(register({ scopes: ["admin:all"] })).rejects.toThrow(/listed scopes/);
    await expect(register({ grantTypes: ["password"] })).rejects.toThrow(/listed grant/);
    expect(await db.oAuthClient.count()).toBe(before);
  });

  it("client_credentials: Basic or body authentication, the service user's privileges within the app's scopes", async () => {
    const { db } = get();
    const client = await authenticateClient(
      basic(app.client.clientId, app.secret),
      form({ grant_type: "client_credentials" }),
      { db },
    );
    const token = await clientCredentialsGrant(db, client, form({ scope: "advertisers:read" }), context);
    expect(token).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "advertisers:read" });
    expect(parseSecret(token.access_token)).toEqual({ ok: true, code: "oat" });
    const principal = await verifyBearer(token.access_token);
    expect(principal).toMatchObject({
      user: { id: service.id },
      scopes: ["advertisers:read"],
      credential: { kind: "oat" },
    });

    const viaBody = await authenticateClient(
      new Headers(),
      form({ client_id: app.client.clientId, client_secret: app.secret }),
      { db },
    );
    expect(viaBody.id).toBe(app.client.id);
    // No scope asked: every scope the app was registered for.
    expect((await clientCredentialsGrant(db, client, form({}), context)).scope).toBe(
      "advertisers:read publishers:read users:read",
    );
    await expect(
      clientCredentialsGrant(db, client, form({ scope: "advertisers:write" }), context),
    ).rejects.toMatchObject({ code: "invalid_scope" });
    await expect(clientCredentialsGrant(db, client, form({ scope: "nope" }), context)).rejects.toMatchObject({
      code: "invalid_scope",
    });
  });

  it("refuses wrong, rotated and mixed client authentication", async () => {
    const { db } = get();
    const wrong = app.secret.slice(0, -1) + (app.secret.endsWith("A") ? "B" : "A");
    await expect(authenticateClient(basic(app.client.clientId, wrong), form({}), { db })).rejects.toMatchObject({
      code: "invalid_client",
      status: 401,
    });
    await expect(authenticateClient(basic("kwc_unknown", app.secret), form({}), { db })).rejects.toMatchObject({
      code: "invalid_client",
    });
    await expect(
      authenticateClient(new Headers(), form({ client_id: app.client.clientId }), { db }),
    ).rejects.toMatchObject({ code: "invalid_client" });
    await expect(
      authenticateClient(basic(app.client.clientId, app.secret), form({ client_secret: app.secret }), { db }),
    ).rejects.toMatchObject({ code: "invalid_request" });
    // Another app's (valid) secret does not open this one.
    const other = await register();
    await expect(authenticateClient(basic(app.client.clientId, other.secret), form({}), { db })).rejects.toMatchObject({
      code: "invalid_client",
    });

    const rotated = await rotateClientSecret(db, admin, other.client.id, context);
    await expect(
      authenticateClient(basic(other.client.clientId, other.secret), form({}), { db }),
    ).rejects.toMatchObject({ code: "invalid_client" });
    expect((await authenticateClient(basic(other.client.clientId, rotated.secret), form({}), { db })).id).toBe(
      other.client.id,
    );
  });

  it("authorization_code with PKCE: one exchange; a replay is refused and revokes the token it bought", async () => {
    const { db } = get();
    const verifier = randomBytes(32).toString("base64url");
    const check = await checkAuthorizationRequest(
      db,
      form({
        response_type: "code",
        client_id: app.client.clientId,
        redirect_uri: REDIRECT,
        scope: "advertisers:read users:read",
        state: "xyz",
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
      }),
      ISSUER,
    );
    if (!check.ok) throw new Error(`expected a valid request: ${JSON.stringify(check)}`);
    const user = { id: advertiserUser.id, email: advertiserUser.email, accountId };
    const code = await issueAuthorizationCode(db, user, check.request, context);
    expect(parseSecret(code)).toEqual({ ok: true, code: "ac" });

    const exchange = (fields: Record<string, string>) =>
      authorizationCodeGrant(
        db,
        app.client,
        form({ code, redirect_uri: REDIRECT, code_verifier: verifier, ...fields }),
        context,
      );
    await expect(exchange({ code_verifier: randomBytes(32).toString("base64url") })).rejects.toMatchObject({
      code: "invalid_grant",
      description: expect.stringContaining("PKCE"),
    });
    await expect(exchange({ redirect_uri: "http://127.0.0.1:8123/cb" })).rejects.toMatchObject({
      code: "invalid_grant",
    });
    const token = await exchange({});
    expect(token.scope).toBe("advertisers:read users:read");
    expect(await verifyBearer(token.access_token)).toMatchObject({ user: { id: advertiserUser.id } });

    await expect(exchange({})).rejects.toMatchObject({
      code: "invalid_grant",
      description: expect.stringContaining("already been used"),
    });
    expect(await verifyBearer(token.access_token)).toMatchObject({ status: 401 });
    expect(await db.auditEvent.count({ where: { action: "oauth.code_replayed", targetId: app.client.id } })).toBe(1);
  });

  it("the consent request is checked: unknown app and foreign redirect URIs are never redirected to; other errors are", async () => {
    const { db } = get();
    const challenge = s256Challenge(randomBytes(32).toString("base64url"));
    const base = {
      response_type: "code",
      client_id: app.client.clientId,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "s1",
    };
    expect(await checkAuthorizationRequest(db, form({ ...base, client_id: "kwc_nobody" }), ISSUER)).toMatchObject({
      ok: false,
      fatal: expect.stringContaining("not registered"),
    });
    expect(
      await checkAuthorizationRequest(db, form({ ...base, redirect_uri: "https://evil.example.test/cb" }), ISSUER),
    ).toMatchObject({ ok: false, fatal: expect.stringContaining("redirect_uri mismatch") });
    expect(
      await checkAuthorizationRequest(db, form({ ...base, redirect_uri: `${REDIRECT}/../x` }), ISSUER),
    ).toMatchObject({ ok: false, fatal: expect.any(String) });
    const plain = await checkAuthorizationRequest(db, form({ ...base, code_challenge_method: "plain" }), ISSUER);
    expect(plain).toMatchObject({ ok: false, redirect: expect.stringContaining(`${REDIRECT}?error=invalid_request`) });
    const redirect = new URL((plain as { redirect: string }).redirect);
    expect(redirect.searchParams.get("state")).toBe("s1");
    expect(redirect.searchParams.get("iss")).toBe(ISSUER);
    expect(await checkAuthorizationRequest(db, form({ ...base, scope: "advertisers:write" }), ISSUER)).toMatchObject({
      redirect: expect.stringContaining("error=invalid_scope"),
    });
    expect(await checkAuthorizationRequest(db, form({ ...base, response_type: "token" }), ISSUER)).toMatchObject({
      redirect: expect.stringContaining("error=unsupported_response_type"),
    });
    const noPkce = { ...base } as Record<string, string>;
    delete noPkce.code_challenge;
    expect(await checkAuthorizationRequest(db, form(noPkce), ISSUER)).toMatchObject({
      redirect: expect.stringContaining("error=invalid_request"),
    });
  });

  it("a loopback IP redirect URI matches on any port (RFC 8252 7.3); the code is bound to the port it was sent to", async () => {
    const { db } = get();
    const verifier = randomBytes(32).toString("base64url");
    const request = (redirectUri: string) =>
      checkAuthorizationRequest(
        db,
        form({
          response_type: "code",
          client_id: app.client.clientId,
          redirect_uri: redirectUri,
          scope: "users:read",
          code_challenge: s256Challenge(verifier),
          code_challenge_method: "S256",
        }),
        ISSUER,
      );
    const check = await request("http://127.0.0.1:51004/cb");
    if (!check.ok) throw new Error(`expected a valid request: ${JSON.stringify(check)}`);
    expect(check.request.redirectUri).toBe("http://127.0.0.1:51004/cb");
    for (const other of [
      "http://127.0.0.1:51004/other",
      "http://localhost:51004/cb",
      "http://[::1]:51004/cb",
      "http://127.0.0.1:51004/cb?x=1",
      "https://127.0.0.1:51004/cb",
    ]) {
      expect(await request(other), other).toMatchObject({
        ok: false,
        fatal: expect.stringContaining("redirect_uri mismatch"),
      });
    }

    const code = await issueAuthorizationCode(
      db,
      { id: advertiserUser.id, email: advertiserUser.email, accountId },
      check.request,
      context,
    );
    const exchange = (redirectUri: string) =>
      authorizationCodeGrant(
        db,
        app.client,
        form({ code, redirect_uri: redirectUri, code_verifier: verifier }),
        context,
      );
    await expect(exchange("http://127.0.0.1:8123/cb")).rejects.toMatchObject({
      code: "invalid_grant",
      description: expect.stringContaining("redirect_uri"),
    });
    expect((await exchange("http://127.0.0.1:51004/cb")).scope).toBe("users:read");
  });

  it("introspection answers for every kind of the caller's account, by the verifier's rules; revocation only for the app's own tokens", async () => {
    const { db } = get();
    const token = await clientCredentialsGrant(db, app.client, form({ scope: "users:read" }), context);
    const seen = await introspectToken(db, app.client, token.access_token, ISSUER);
    expect(seen).toMatchObject({
      active: true,
      scope: "users:read",
      client_id: app.client.clientId,
      sub: service.id,
      username: service.email,
      token_type: "Bearer",
      iss: ISSUER,
      keyward_kind: "oat",
    });
    expect(await introspectToken(db, app.client, app.secret, ISSUER)).toEqual({ active: false });
    expect(await introspectToken(db, app.client, "kw_oat_garbage", ISSUER)).toEqual({ active: false });

    // Another account's app sees nothing of this account.
    const elsewhere = await createAccount(db, "Elsewhere");
    const otherAdmin = {
      ...(await createTestUser(db, elsewhere, { role: "super_admin" })),
      accountId: elsewhere,
      role: "super_admin" as const,
    };
    const foreign = await registerClient(
      db,
      otherAdmin,
      {
        name: "Foreign",
        redirectUris: REDIRECT,
        grantTypes: ["authorization_code"],
        scopes: ["users:read"],
        canIntrospect: true,
      },
      context,
    );
    if (!("registered" in foreign)) throw new Error("expected an app");
    expect(await introspectToken(db, foreign.registered.client, token.access_token, ISSUER)).toEqual({ active: false });
    // ...and cannot revoke it.
    expect(await revokeForClient(db, foreign.registered.client, token.access_token, context)).toBe(false);
    expect(await verifyBearer(token.access_token)).toMatchObject({ user: { id: service.id } });

    expect(await revokeForClient(db, app.client, token.access_token, context)).toBe(true);
    expect(await verifyBearer(token.access_token)).toMatchObject({ status: 401 });
    expect(await introspectToken(db, app.client, token.access_token, ISSUER)).toEqual({ active: false });
    expect(await revokeForClient(db, app.client, token.access_token, context)).toBe(false);

    const noIntrospection = await register({ canIntrospect: false });
    await expect(introspectToken(db, noIntrospection.client, token.access_token, ISSUER)).rejects.toMatchObject({
      code: "unauthorized_client",
      status: 403,
    });
  });

  it("deleting an app revokes every token it obtained, in the same transaction as its audit row", async () => {
    const { db } = get();
    const doomed = await register();
    const token = await clientCredentialsGrant(db, doomed.client, form({}), context);
    expect(await verifyBearer(token.access_token)).toMatchObject({ credential: { kind: "oat" } });
    await deleteClient(db, admin, doomed.client.id, context);
    expect(await verifyBearer(token.access_token)).toMatchObject({ status: 401 });
    expect(await db.oAuthClient.count({ where: { id: doomed.client.id } })).toBe(0);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { action: "oauth.client_deleted", targetId: doomed.client.id } }),
    ).toMatchObject({ targetLabel: doomed.client.clientId });
    await expect(
      authenticateClient(basic(doomed.client.clientId, doomed.secret), form({}), { db }),
    ).rejects.toMatchObject({ code: "invalid_client" });
  });

  it("a public client has no secret: client_id alone at the token endpoint, authorization code only, nothing to rotate", async () => {
    const { db } = get();
    const result = await registerClient(
      db,
      admin,
      {
        name: "Mobile app",
        redirectUris: "com.example.mobile:/callback",
        grantTypes: ["authorization_code"],
        scopes: ["users:read"],
        clientType: "public",
      },
      context,
    );
    if (!("registered" in result)) throw new Error("expected an app");
    const mobile = result.registered;
    expect(mobile).toMatchObject({ secret: null, secretHint: null, client: { isPublic: true } });
    expect(await db.credential.count({ where: { oauthClientId: mobile.client.id } })).toBe(0);
    expect((await authenticateClient(new Headers(), form({ client_id: mobile.client.clientId }), { db })).id).toBe(
      mobile.client.id,
    );
    // A confidential client may not drop its secret, and a public one may not invent one.
    await expect(
      authenticateClient(new Headers(), form({ client_id: app.client.clientId }), { db }),
    ).rejects.toMatchObject({ code: "invalid_client", description: expect.stringContaining("confidential") });
    await expect(
      authenticateClient(new Headers(), form({ client_id: mobile.client.clientId, client_secret: app.secret }), { db }),
    ).rejects.toMatchObject({ code: "invalid_client" });
    await expect(rotateClientSecret(db, admin, mobile.client.id, context)).rejects.toThrow(/no secret to rotate/);
    await expect(clientCredentialsGrant(db, mobile.client, form({}), context)).rejects.toMatchObject({
      code: "unauthorized_client",
    });
    const before = await db.oAuthClient.count();
    await expect(
      registerClient(
        db,
        admin,
        {
          name: "x",
          redirectUris: REDIRECT,
          grantTypes: ["client_credentials"],
          scopes: ["users:read"],
          serviceUserId: service.id,
          clientType: "public",
        },
        context,
      ),
    ).rejects.toThrow(/cannot use client credentials/);
    await expect(
      registerClient(
        db,
        admin,
        {
          name: "x",
          redirectUris: REDIRECT,
          grantTypes: ["authorization_code"],
          scopes: ["users:read"],
          canIntrospect: true,
          clientType: "public",
        },
        context,
      ),
    ).rejects.toThrow(/Only a confidential client/);
    expect(await db.oAuthClient.count()).toBe(before);
  });

  it("a rotation with a grace period keeps the old secret working until it ends, then refuses it", async () => {
    const { db } = get();
    const rolling = await register();
    const rotated = await rotateClientSecret(db, admin, rolling.client.id, context, { graceHours: 24 });
    expect(rotated.oldSecretExpiresAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await authenticateClient(basic(rolling.client.clientId, rolling.secret), form({}), { db })).id).toBe(
      rolling.client.id,
    );
    expect((await authenticateClient(basic(rolling.client.clientId, rotated.secret), form({}), { db })).id).toBe(
      rolling.client.id,
    );
    const listed = (await listClients(db, accountId, 1)).rows.find((row) => row.id === rolling.client.id);
    expect(listed).toMatchObject({ secretHint: rotated.secretHint, previousSecret: { hint: rolling.secretHint } });
    // The grace period over (moved into the past here): the old secret is refused, the new one is not.
    await db.credential.updateMany({
      where: { oauthClientId: rolling.client.id, hint: rolling.secretHint },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(
      authenticateClient(basic(rolling.client.clientId, rolling.secret), form({}), { db }),
    ).rejects.toMatchObject({ code: "invalid_client" });
    expect((await authenticateClient(basic(rolling.client.clientId, rotated.secret), form({}), { db })).id).toBe(
      rolling.client.id,
    );
    expect(
      (await listClients(db, accountId, 1)).rows.find((row) => row.id === rolling.client.id)?.previousSecret,
    ).toBeNull();
  });
});

import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "@/lib/access/privileges";
import type { RequestContext } from "@/lib/audit";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { hashSecret } from "@/lib/credentials/hash";
import { verifyRequest } from "@/lib/verifier/verify";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { checkAuthorizationRequest } from "./authorization-request";
import { issueAuthorizationCode } from "./authorization-codes";
import { registerClient, withSecret, type ConfidentialClient } from "./clients";
import { decideConsent, parsePrompt } from "./consent-decision";
import { disconnectGrant, listAppGrants, listConnectedApps } from "./connected-apps";
import { authorizationCodeGrant } from "./grants";
import { s256Challenge } from "./pkce";
import { allowedScopes } from "./remembered-consent";

const context: RequestContext = { ip: "198.51.100.30", userAgent: "vitest" };
const ISSUER = "https://keyward.example.test";
const REDIRECT = "https://app.example.test/callback";

describe("consent decision (remembered consent, prompt)", () => {
  const base = { role: "network_user", prompt: [] as const };
  it("skips the page when every grantable scope was allowed before", () => {
    expect(
      decideConsent({ ...base, requested: ["advertisers:read"], allowed: ["advertisers:read", "users:read"] }),
    ).toEqual({ kind: "remembered", scopes: ["advertisers:read"] });
  });
  it("asks only for what is new, and says what was already allowed", () => {
    expect(
      decideConsent({ ...base, requested: ["advertisers:read", "users:read"], allowed: ["advertisers:read"] }),
    ).toEqual({ kind: "ask", newScopes: ["users:read"], alreadyAllowed: ["advertisers:read"] });
    expect(decideConsent({ ...base, requested: ["users:read"], allowed: [] })).toEqual({
      kind: "ask",
      newScopes: ["users:read"],
      alreadyAllowed: [],
    });
  });
  it("a scope the role refuses is neither new nor a reason to ask; nothing grantable always shows the page", () => {
    const requested: Scope[] = ["advertisers:read", "advertisers:write"];
    expect(
      decideConsent({ role: "advertiser_user", prompt: [], requested, allowed: ["advertisers:read"] }),
    ).toMatchObject({ kind: "remembered", scopes: ["advertisers:read"] });
    expect(
      decideConsent({
        role: "advertiser_user",
        prompt: [],
        requested: ["advertisers:write"],
        allowed: ["advertisers:write"],
      }),
    ).toMatchObject({ kind: "ask", newScopes: [] });
  });
  it("prompt=consent always asks (the whole request); prompt=none refuses when it would have to ask", () => {
    expect(decideConsent({ ...base, prompt: ["consent"], requested: ["users:read"], allowed: ["users:read"] })).toEqual(
      { kind: "ask", newScopes: ["users:read"], alreadyAllowed: [] },
    );
    expect(decideConsent({ ...base, prompt: ["none"], requested: ["users:read"], allowed: [] })).toMatchObject({
      kind: "refuse",
      error: "consent_required",
    });
    expect(
      decideConsent({ ...base, prompt: ["none"], requested: ["users:read"], allowed: ["users:read"] }),
    ).toMatchObject({ kind: "remembered" });
  });
  it("parses prompt: space-separated known values, none alone", () => {
    expect(parsePrompt(null)).toEqual({ ok: true, values: [] });
    expect(parsePrompt("consent")).toEqual({ ok: true, values: ["consent"] });
    // Keyward cannot sign a signed-in user in again on the page: login is refused, not ignored.
    expect(parsePrompt("consent login")).toMatchObject({ ok: false });
    expect(parsePrompt("none consent")).toMatchObject({ ok: false });
    expect(parsePrompt("bogus")).toMatchObject({ ok: false });
  });
});

describeEachDatabase("connected apps", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let user: { id: string; email: string; accountId: string; role: "network_user" };
  let app: ConfidentialClient;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    user = { ...(await createTestUser(db, accountId, { role: "network_user" })), accountId, role: "network_user" };
    const result = await registerClient(
      db,
      admin,
      {
        name: `Connected ${randomBytes(3).toString("hex")}`,
        redirectUris: REDIRECT,
        grantTypes: ["authorization_code"],
        scopes: ["advertisers:read", "publishers:read", "users:read"],
        serviceUserId: "",
        canIntrospect: false,
      },
      context,
    );
    if (!("registered" in result)) throw new Error("expected a new app");
    app = withSecret(result.registered);
  });

  /** A code for `scope`, as the consent page's Allow issues it, and its PKCE verifier. */
  async function allow(scope: string, who: typeof user = user) {
    const verifier = randomBytes(32).toString("base64url");
    const check = await checkAuthorizationRequest(
      get().db,
      new URLSearchParams({
        response_type: "code",
        client_id: app.client.clientId,
        redirect_uri: REDIRECT,
        scope,
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
      }),
      ISSUER,
    );
    if (!check.ok) throw new Error(`expected a valid request: ${JSON.stringify(check)}`);
    const code = await issueAuthorizationCode(get().db, who, check.request, context);
    return { code, verifier };
  }

  const exchange = ({ code, verifier }: { code: string; verifier: string }) =>
    authorizationCodeGrant(
      get().db,
      app.client,
      new URLSearchParams({ code, redirect_uri: REDIRECT, code_verifier: verifier }),
      context,
    );

  const verifyBearer = (token: string) =>
    verifyRequest(
      {
        method: "GET",
        headers: new Headers({ authorization: `Bearer ${token}` }),
        searchParams: new URLSearchParams(),
      },
      { database: get().db },
    );

  async function grantOf(userId: string) {
    return get().db.oAuthGrant.findUniqueOrThrow({ where: { userId_clientId: { userId, clientId: app.client.id } } });
  }

  /** A refresh token row (kind "ort") as the refresh grant stores one, inserted directly. */
  async function insertRefreshToken(userId: string) {
    return get().db.credential.create({
      data: {
        accountId,
        kind: "ort",
        userId,
        name: app.client.name,
        secretHash: hashSecret(`kw_ort_${randomBytes(16).toString("hex")}`),
        hint: "kw_ort_…test",
        scopes: "users:read",
        oauthClientId: app.client.id,
      },
    });
  }

  it("Allow remembers the union of the scopes allowed, in the code's transaction, only what the role grants", async () => {
    const { db } = get();
    await allow("advertisers:read");
    expect(await allowedScopes(db, user.id, app.client.id)).toEqual(["advertisers:read"]);
    await allow("users:read");
    expect(await allowedScopes(db, user.id, app.client.id)).toEqual(["advertisers:read", "users:read"]);
    // An advertiser user asking for publishers:read (refused by the role) has it not remembered.
    const advertiser = {
      ...(await createTestUser(db, accountId, { role: "advertiser_user" })),
      accountId,
      role: "network_user" as const,
    };
    await allow("advertisers:read publishers:read", advertiser);
    expect(await allowedScopes(db, advertiser.id, app.client.id)).toEqual(["advertisers:read"]);
    const audited = await db.auditEvent.findMany({ where: { action: "oauth.authorized", actorId: user.id } });
    expect(audited).toHaveLength(2);
  });

  it("lists the user's connected apps with scopes in words and last use; the admin sees them per app", async () => {
    const { db } = get();
    const token = await exchange(await allow("users:read"));
    expect(await verifyBearer(token.access_token)).toMatchObject({ user: { id: user.id } });
    const used = new Date("2026-11-01T10:00:00Z");
    await db.credential.updateMany({
      where: { userId: user.id, oauthClientId: app.client.id, kind: "oat" },
      data: { lastUsedAt: used },
    });
    const [connected] = await listConnectedApps(db, user);
    expect(connected).toMatchObject({
      name: app.client.name,
      publicClientId: app.client.clientId,
      lastUsedAt: used,
      scopes: [
        { scope: "advertisers:read", description: expect.any(String) },
        { scope: "users:read", description: expect.any(String) },
      ],
    });
    const perApp = await listAppGrants(db, admin, [app.client.id]);
    expect(perApp.get(app.client.id)?.grants.map((grant) => grant.user.id)).toContain(user.id);
    await expect(listAppGrants(db, { ...user }, [app.client.id])).rejects.toBeInstanceOf(CredentialRuleError);
  });

  it("Disconnect revokes every oat and ort of the grant at once (the verifier cache too), forgets consent, is audited", async () => {
    const { db } = get();
    const token = await exchange(await allow("users:read"));
    expect(await verifyBearer(token.access_token)).toMatchObject({ user: { id: user.id } });
    const refresh = await insertRefreshToken(user.id);
    const pending = await allow("users:read");
    const grant = await grantOf(user.id);

    const result = await disconnectGrant(db, user, grant.id, context);
    expect(result.tokensRevoked).toBeGreaterThanOrEqual(3);
    expect(await verifyBearer(token.access_token)).toMatchObject({ status: 401 });
    expect(
      await db.credential.count({
        where: {
          userId: user.id,
          oauthClientId: app.client.id,
          kind: { in: ["oat", "ort"] },
          status: { not: "revoked" },
        },
      }),
    ).toBe(0);
    expect((await db.credential.findUniqueOrThrow({ where: { id: refresh.id } })).status).toBe("revoked");
    expect(await db.oAuthGrant.count({ where: { id: grant.id } })).toBe(0);
    expect(await allowedScopes(db, user.id, app.client.id)).toEqual([]);
    // A code issued before Disconnect buys nothing after it.
    await expect(exchange(pending)).rejects.toMatchObject({ code: "invalid_grant" });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "oauth.disconnected", targetId: app.client.id },
    });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ user: user.email, by: "user" });
    expect(await listConnectedApps(db, user)).toEqual([]);
    // A second Disconnect of the same grant is refused as "not connected".
    await expect(disconnectGrant(db, user, grant.id, context)).rejects.toMatchObject({ code: "not_found" });
  });

  it("only the user or a super admin of the same account may disconnect; another account's admin is refused", async () => {
    const { db } = get();
    await allow("users:read");
    const grant = await grantOf(user.id);
    const other = {
      ...(await createTestUser(db, accountId, { role: "network_user" })),
      accountId,
      role: "network_user" as const,
    };
    await expect(disconnectGrant(db, other, grant.id, context)).rejects.toMatchObject({ code: "not_found" });
    const secondAccount = await createAccount(db, "Second Network");
    const foreignAdmin = {
      ...(await createTestUser(db, secondAccount, { role: "super_admin" })),
      accountId: secondAccount,
      role: "super_admin" as const,
    };
    await expect(disconnectGrant(db, foreignAdmin, grant.id, context)).rejects.toMatchObject({ code: "not_found" });
    expect((await listAppGrants(db, foreignAdmin, [app.client.id])).size).toBe(0);
    expect(await db.oAuthGrant.count({ where: { id: grant.id } })).toBe(1);

    const token = await exchange(await allow("users:read"));
    await disconnectGrant(db, admin, grant.id, context);
    expect(await verifyBearer(token.access_token)).toMatchObject({ status: 401 });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "oauth.disconnected", actorId: admin.id },
    });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ by: "super_admin", user: user.email });
  });

  it("Disconnect racing two code exchanges: no token of the grant survives", async () => {
    const { db } = get();
    for (let round = 0; round < 8; round += 1) {
      const codes = [await allow("users:read"), await allow("advertisers:read")];
      const grant = await grantOf(user.id);
      const outcomes = await Promise.allSettled([
        exchange(codes[0]!),
        disconnectGrant(db, user, grant.id, context),
        exchange(codes[1]!),
      ]);
      expect(outcomes[1]!.status).toBe("fulfilled");
      for (const outcome of outcomes) {
        if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ code: "invalid_grant" });
      }
      expect(
        await db.credential.count({
          where: {
            userId: user.id,
            oauthClientId: app.client.id,
            kind: { in: ["oat", "ort"] },
            status: { not: "revoked" },
          },
        }),
      ).toBe(0);
      for (const outcome of [outcomes[0]!, outcomes[2]!]) {
        if (outcome.status === "fulfilled")
          expect(await verifyBearer(outcome.value.access_token)).toMatchObject({ status: 401 });
      }
    }
  });
});

// Introspection (RFC 7662) against the verifier: for every kind of Keyward credential, and
// with and without the account API key beside it, "active" is exactly "the API accepts it".
import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { createApiKey, rollApiKey } from "@/lib/credentials/api-keys";
import { changeAuthToken, createAuthToken } from "@/lib/credentials/auth-tokens";
import { parseSecret } from "@/lib/credentials/format";
import { kindByCode } from "@/lib/credentials/kinds";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { exchangePasswordForToken } from "@/lib/credentials/token-exchange";
import { invalidateCredentialCache } from "@/lib/credentials/cache";
import { ProtocolError } from "@/lib/http/protocol-error";
import { verifyRequest } from "@/lib/verifier/verify";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { checkAuthorizationRequest } from "./authorization-request";
import { issueAuthorizationCode } from "./authorization-codes";
import { registerClient, withSecret, type ConfidentialClient } from "./clients";
import { clientCredentialsGrant } from "./grants";
import { introspectToken } from "./introspection";
import { s256Challenge } from "./pkce";

const context: RequestContext = { ip: "198.51.100.30", userAgent: "vitest" };
const ISSUER = "https://keyward.example.test";
const REDIRECT = "https://app.example.test/callback";
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

type Admin = { id: string; email: string; accountId: string; role: "super_admin" };

/** The request an API client would send: the kind's first transport, user_key as a header. */
function apiRequest(token: string, userKey: string | null) {
  const parsed = parseSecret(token);
  const transport = (parsed.ok ? kindByCode(parsed.code)?.transports[0] : undefined) ?? "bearer";
  const headers = new Headers(userKey === null ? {} : { user_key: userKey });
  const searchParams = new URLSearchParams();
  if (transport === "authorization") headers.set("authorization", token);
  else if (transport === "key" || transport === "token") headers.set("authorization", `${transport} ${token}`);
  else if (transport === "x-api-key") headers.set("x-api-key", token);
  else if (transport === "query") searchParams.set("access_token", token);
  else headers.set("authorization", `Bearer ${token}`);
  return { method: "GET", headers, searchParams };
}

describeEachDatabase("introspection agrees with the verifier", (get) => {
  let admin: Admin;
  let caller: ConfidentialClient;
  let apiUser: { id: string; email: string };
  let person: { id: string; email: string; password: string };
  let accountKey: string;
  let foreign: { admin: Admin; accountKey: string; authToken: string };

  async function newAccount(): Promise<{ admin: Admin; apiUser: { id: string; email: string }; accountKey: string }> {
    const { db } = get();
    const accountId = await createAccount(db, `Introspected ${randomBytes(3).toString("hex")}`);
    const a: Admin = {
      ...(await createTestUser(db, accountId, { role: "super_admin" })),
      accountId,
      role: "super_admin",
    };
    const u = await createTestUser(db, accountId, { isApiUser: true });
    return { admin: a, apiUser: u, accountKey: (await generateAccountApiKey(db, a, context)).secret };
  }

  async function authToken(owner: Admin, apiUserId: string, expirationDate = inDays(30)) {
    const result = await createAuthToken(
      get().db,
      owner,
      { name: `Sync ${randomBytes(3).toString("hex")}`, apiUserId, expirationDate },
      context,
    );
    if (!("created" in result)) throw new Error("expected a new auth token");
    return result.created;
  }

  const introspect = (token: string, userKey: string | null = null, app: ConfidentialClient = caller) =>
    introspectToken(get().db, app.client, token, ISSUER, { userKey });
  const accepts = async (token: string, userKey: string | null = null) =>
    !((await verifyRequest(apiRequest(token, userKey), { database: get().db })) instanceof ProtocolError);

  beforeAll(async () => {
    const { db } = get();
    ({ admin, apiUser, accountKey } = await newAccount());
    person = await createTestUser(db, admin.accountId, { role: "network_user" });
    const registered = await registerClient(
      db,
      admin,
      {
        name: `Gateway ${randomBytes(3).toString("hex")}`,
        redirectUris: REDIRECT,
        grantTypes: ["authorization_code", "client_credentials"],
        scopes: ["users:read"],
        serviceUserId: apiUser.id,
        canIntrospect: true,
      },
      context,
    );
    if (!("registered" in registered)) throw new Error("expected an app");
    caller = withSecret(registered.registered);
    const other = await newAccount();
    foreign = {
      admin: other.admin,
      accountKey: other.accountKey,
      authToken: (await authToken(other.admin, other.apiUser.id)).secret,
    };
  });

  it("the account API key alone is inactive, as the API refuses it alone", async () => {
    expect(await introspect(accountKey)).toEqual({ active: false });
    expect(await accepts(accountKey)).toBe(false);
  });

  it("an auth token is active only with its own account's API key as user_key", async () => {
    const token = await authToken(admin, apiUser.id);
    expect(await introspect(token.secret)).toEqual({ active: false });
    expect(await introspect(token.secret, foreign.accountKey)).toEqual({ active: false });
    expect(await introspect(token.secret, token.secret)).toEqual({ active: false });
    expect(await introspect(token.secret, accountKey)).toMatchObject({
      active: true,
      keyward_kind: "at",
      keyward_hint: token.hint,
      sub: apiUser.id,
      username: apiUser.email,
      exp: Math.floor(token.expiresAt!.getTime() / 1000),
      iss: ISSUER,
    });

    // Deactivated: inactive even with the right key; active again once reactivated.
    await changeAuthToken(get().db, admin, token.id, "deactivate", context);
    expect(await introspect(token.secret, accountKey)).toEqual({ active: false });
    await changeAuthToken(get().db, admin, token.id, "reactivate", context);
    expect(await introspect(token.secret, accountKey)).toMatchObject({ active: true });
  });

  it("another account's caller sees none of it, even with that account's key", async () => {
    expect(await accepts(foreign.authToken, foreign.accountKey)).toBe(true);
    expect(await introspect(foreign.authToken, foreign.accountKey)).toEqual({ active: false });
    expect(await introspect(foreign.accountKey)).toEqual({ active: false });
  });

  it("for every kind, with and without user_key, active is exactly what the verifier decides", async () => {
    const { db } = get();
    const expiredToken = await authToken(admin, apiUser.id);
    await db.credential.update({ where: { id: expiredToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const deactivated = await authToken(admin, apiUser.id);
    await changeAuthToken(db, admin, deactivated.id, "deactivate", context);
    const live = await authToken(admin, apiUser.id);

    const personal = await createPersonalCredential(
      db,
      { ...person, accountId: admin.accountId },
      { description: "Reporting" },
      context,
    );
    if (!("created" in personal)) throw new Error("expected a credential");
    const key = await createApiKey(db, admin, { name: "Deploy", userId: person.id, scopes: [] }, context);
    if (!("created" in key)) throw new Error("expected a key");
    const expiredKey = await createApiKey(db, admin, { name: "Old", userId: person.id, scopes: [] }, context);
    if (!("created" in expiredKey)) throw new Error("expected a key");
    await db.credential.update({
      where: { id: expiredKey.created.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    // Rolled with a 1-hour grace: now, and two hours ago (its grace is over).
    const rolledKey = async (name: string, now: Date) => {
      const created = await createApiKey(db, admin, { name, userId: person.id, scopes: [] }, context);
      if (!("created" in created)) throw new Error("expected a key");
      const rolled = await rollApiKey(db, admin, created.created.id, 1, context, { now });
      if (!("rolled" in rolled)) throw new Error("expected a roll");
      return created.created.secret;
    };
    const inGrace = await rolledKey("Rolled now", new Date());
    const graceOver = await rolledKey("Rolled before", new Date(Date.now() - 2 * 3_600_000));
    const exchanged = await exchangePasswordForToken(db, { email: person.email, password: person.password }, context);
    if (!exchanged.ok) throw new Error("expected a token");
    const access = await clientCredentialsGrant(db, caller.client, new URLSearchParams(), context);
    const verifier = randomBytes(32).toString("base64url");
    const authorization = await checkAuthorizationRequest(
      db,
      new URLSearchParams({
        response_type: "code",
        client_id: caller.client.clientId,
        redirect_uri: REDIRECT,
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
        scope: "users:read",
      }),
      ISSUER,
    );
    if (!authorization.ok) throw new Error("expected a valid authorization request");
    const code = await issueAuthorizationCode(
      db,
      { id: person.id, email: person.email, accountId: admin.accountId },
      authorization.request,
      context,
    );
    // Changed above behind the domain's back (expiry moved): start from what the database says.
    invalidateCredentialCache();

    const cases: { name: string; token: string; userKey: string | null; active: boolean }[] = [
      { name: "account API key alone (kw_ak_)", token: accountKey, userKey: null, active: false },
      { name: "account API key as its own user_key", token: accountKey, userKey: accountKey, active: false },
      { name: "auth token alone (kw_at_)", token: live.secret, userKey: null, active: false },
      { name: "auth token + its account's key", token: live.secret, userKey: accountKey, active: true },
      { name: "auth token + another account's key", token: live.secret, userKey: foreign.accountKey, active: false },
      {
        name: "deactivated auth token + its account's key",
        token: deactivated.secret,
        userKey: accountKey,
        active: false,
      },
      {
        name: "expired auth token + its account's key",
        token: expiredToken.secret,
        userKey: accountKey,
        active: false,
      },
      { name: "API credential (kw_pat_)", token: personal.created.secret, userKey: null, active: true },
      {
        name: "API credential with a user_key it does not take",
        token: personal.created.secret,
        userKey: accountKey,
        active: false,
      },
      { name: "API key (kw_key_)", token: key.created.secret, userKey: null, active: true },
      { name: "expired API key", token: expiredKey.created.secret, userKey: null, active: false },
      { name: "rolled API key in its grace period", token: inGrace, userKey: null, active: true },
      { name: "rolled API key after its grace period", token: graceOver, userKey: null, active: false },
      { name: "API token from the exchange (kw_tok_)", token: exchanged.token, userKey: null, active: true },
      { name: "OAuth access token (kw_oat_)", token: access.access_token, userKey: null, active: true },
      { name: "OAuth client secret (kw_cs_)", token: caller.secret, userKey: null, active: false },
      { name: "OAuth authorization code (kw_ac_)", token: code, userKey: null, active: false },
      { name: "made-up credential", token: "kw_pat_0000", userKey: null, active: false },
    ];
    const answers = [];
    for (const entry of cases) {
      answers.push({
        name: entry.name,
        introspected: (await introspect(entry.token, entry.userKey)).active,
        accepted: await accepts(entry.token, entry.userKey),
      });
    }
    expect(answers).toEqual(
      cases.map((entry) => ({ name: entry.name, introspected: entry.active, accepted: entry.active })),
    );
  });
});

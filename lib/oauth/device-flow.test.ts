import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { mintSecret } from "@/lib/credentials/format";
import { hashSecret } from "@/lib/credentials/hash";
import { issuanceLimits } from "@/lib/credentials/issuance-limits";
import { ProtocolError } from "@/lib/http/protocol-error";
import { verifyRequest } from "@/lib/verifier/verify";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { DEVICE_CODE_GRANT } from "../validations/oauth-client-values";
import { registerClient, type RegisteredClient } from "./clients";
import { startDeviceAuthorization, userCodeHash } from "./device-authorization";
import { deviceCodeGrant } from "./device-code-grant";
import { disconnectGrant } from "./connected-apps";
import { USER_CODE_GUESSES_PER_MINUTE, answerDeviceRequest, findDeviceRequest } from "./device-verification";
import { authorizationServerMetadata } from "./metadata";
import { allowedScopes } from "./remembered-consent";
import { USER_CODE_ALPHABET, displayUserCode, generateUserCode, normalizeUserCode } from "./user-code";

const ISSUER = "https://keyward.example.test";

function context(ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`): RequestContext {
  return { ip, userAgent: "vitest" };
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

/** The RFC error code a grant refused with. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProtocolError) return error.code ?? `status ${error.status}`;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("user codes (RFC 8628 6.1)", () => {
  it("are 8 letters of the unambiguous alphabet, shown as XXXX-XXXX, typed in any case, with or without the dash", () => {
    const code = generateUserCode();
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    expect(displayUserCode("BCDFGHJK")).toBe("BCDF-GHJK");
    for (const typed of ["BCDF-GHJK", "bcdf-ghjk", "bcdfghjk", " bcdf ghjk "])
      expect(normalizeUserCode(typed)).toBe("BCDFGHJK");
    for (const typed of ["BCDF-GHJ", "BCDF-GHJKL", "ABCD-EFGH", "BCDF-GHJ1", "", "x".repeat(41)])
      expect(normalizeUserCode(typed)).toBeNull();
  });

  it("draw letters without bias: bytes of 240 and more are dropped", () => {
    const bytes = [240, 255, 0, 19, 20, 239, 1, 2, 3, 4];
    const code = generateUserCode(() => Uint8Array.from(bytes));
    expect(code).toBe(
      [0, 19, 20, 239, 1, 2, 3, 4].map((byte) => USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length]).join(""),
    );
  });
});

describeEachDatabase("device authorization grant (RFC 8628)", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let user: { id: string; email: string; accountId: string; role: "network_user" };
  let app: RegisteredClient;
  let other: RegisteredClient;

  async function register(overrides: Record<string, unknown> = {}): Promise<RegisteredClient> {
    const result = await registerClient(
      get().db,
      admin,
      {
        name: `CLI ${randomBytes(3).toString("hex")}`,
        grantTypes: [DEVICE_CODE_GRANT],
        scopes: ["advertisers:read", "users:read"],
        clientType: "public",
        ...overrides,
      },
      context(),
    );
    if (!("registered" in result)) throw new Error("expected a new app");
    return result.registered;
  }

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    user = { ...(await createTestUser(db, accountId, { role: "network_user" })), accountId, role: "network_user" };
    app = await register();
    other = await register();
  });

  const start = (client = app, fields: Record<string, string> = {}, now?: Date) =>
    startDeviceAuthorization(get().db, client.client, form(fields), ISSUER, now);
  const poll = (deviceCode: string, client = app, now?: Date) =>
    deviceCodeGrant(get().db, client.client, form({ device_code: deviceCode }), context(), now);
  const allow = (userCode: string, now?: Date) =>
    answerDeviceRequest(get().db, user, userCode, "allow", context(), now);

  it("answers the RFC 8628 3.2 fields and stores only hashes of both codes", async () => {
    const { db } = get();
    const started = await start(app, { scope: "users:read" });
    expect(started).toMatchObject({
      verification_uri: `${ISSUER}/device`,
      verification_uri_complete: `${ISSUER}/device?user_code=${started.user_code}`,
      expires_in: 600,
      interval: 5,
    });
    expect(started.device_code).toMatch(/^kw_dc_/);
    expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    const row = await db.deviceAuthorization.findUniqueOrThrow({
      where: { deviceCodeHash: hashSecret(started.device_code) },
    });
    expect(row).toMatchObject({
      clientId: app.client.id,
      scopes: "users:read",
      status: "pending",
      userId: null,
      userCodeHash: userCodeHash(normalizeUserCode(started.user_code)!),
    });
    expect(JSON.stringify(row)).not.toContain(started.device_code);
    expect(JSON.stringify(row)).not.toContain(started.user_code.replace("-", ""));
  });

  it("refuses a scope the app was not registered for, and an app not registered for the grant", async () => {
    expect(await refusal(start(app, { scope: "publishers:read" }))).toBe("invalid_scope");
    const codeOnly = await register({
      grantTypes: ["authorization_code"],
      redirectUris: "http://127.0.0.1:8123/cb",
    });
    expect(await refusal(start(codeOnly))).toBe("unauthorized_client");
  });

  it("counts starts against the app's per-minute limit: over it, 429 temporarily_unavailable and nothing stored", async () => {
    const { db } = get();
    const busy = await register();
    await db.issuanceWindow.create({
      data: {
        key: `dev:${busy.client.id}`,
        count: issuanceLimits().oauthTokensPerMinute,
        windowEnd: new Date(Date.now() + 60_000),
      },
    });
    const refused = await start(busy).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProtocolError);
    expect(refused).toMatchObject({ status: 429, code: "temporarily_unavailable" });
    expect(await db.deviceAuthorization.count({ where: { clientId: busy.client.id } })).toBe(0);
  });

  it("is advertised in the metadata", () => {
    const metadata = authorizationServerMetadata(ISSUER);
    expect(metadata.device_authorization_endpoint).toBe(`${ISSUER}/oauth2/device_authorization`);
    expect(metadata.grant_types_supported).toContain(DEVICE_CODE_GRANT);
  });

  it("pending, slow_down (the interval grows by 5 s), then one token after Allow; a later poll gets invalid_grant", async () => {
    const { db } = get();
    const t0 = new Date();
    const started = await start(app, {}, t0);
    expect(await refusal(poll(started.device_code, app, t0))).toBe("authorization_pending");
    // Two seconds later: sooner than the 5-second interval.
    expect(await refusal(poll(started.device_code, app, new Date(t0.getTime() + 2_000)))).toBe("slow_down");
    const row = await db.deviceAuthorization.findUniqueOrThrow({
      where: { deviceCodeHash: hashSecret(started.device_code) },
    });
    expect(row.interval).toBe(10);
    // Six seconds after the last poll is now too soon too (the interval is 10).
    expect(await refusal(poll(started.device_code, app, new Date(t0.getTime() + 8_000)))).toBe("slow_down");
    expect(await refusal(poll(started.device_code, app, new Date(t0.getTime() + 30_000)))).toBe(
      "authorization_pending",
    );

    const found = await findDeviceRequest(db, user, started.user_code.toLowerCase(), context());
    expect(found).toMatchObject({ ok: true, request: { client: { name: app.client.name } } });
    expect(await allow(started.user_code.replace("-", ""))).toMatchObject({ ok: true });
    expect(await allowedScopes(db, user.id, app.client.id)).toEqual(["advertisers:read", "users:read"]);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "oauth.authorized", targetId: app.client.id },
    });
    expect(JSON.stringify(audit)).not.toContain(started.user_code);

    // Allowed: two polls racing get exactly one token.
    const later = new Date(t0.getTime() + 60_000);
    const results = await Promise.allSettled([
      poll(started.device_code, app, later),
      poll(started.device_code, app, later),
    ]);
    const tokens = results.filter((result) => result.status === "fulfilled");
    expect(tokens).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as ProtocolError).code).toBe("invalid_grant");
    const token = (tokens[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof poll>>>).value;
    expect(token).toMatchObject({ token_type: "Bearer", scope: "advertisers:read users:read", expires_in: 3600 });
    const principal = await verifyRequest(
      {
        method: "GET",
        headers: new Headers({ authorization: `Bearer ${token.access_token}` }),
        searchParams: new URLSearchParams(),
      },
      { database: db },
    );
    expect(principal).not.toBeInstanceOf(ProtocolError);
    const issued = await db.credential.findFirstOrThrow({ where: { kind: "oat", oauthClientId: app.client.id } });
    expect(issued.userId).toBe(user.id);

    expect(await refusal(poll(started.device_code, app, new Date(t0.getTime() + 90_000)))).toBe("invalid_grant");
    // The user code is spent too.
    expect(await findDeviceRequest(db, user, started.user_code, context())).toMatchObject({ ok: false });
  });

  it("access_denied after Deny", async () => {
    const started = await start();
    expect(await answerDeviceRequest(get().db, user, started.user_code, "deny", context())).toMatchObject({
      ok: true,
    });
    expect(await refusal(poll(started.device_code))).toBe("access_denied");
    // Denied cannot become allowed.
    expect(await allow(started.user_code)).toMatchObject({ ok: false });
  });

  it("Disconnect before the device collects its token: its next poll is access_denied, and no token is issued", async () => {
    const { db } = get();
    const started = await start();
    expect(await allow(started.user_code)).toMatchObject({ ok: true });
    const grant = await db.oAuthGrant.findFirstOrThrow({ where: { userId: user.id, clientId: app.client.id } });
    await disconnectGrant(db, user, grant.id, context());
    const before = await db.credential.count({ where: { kind: "oat", oauthClientId: app.client.id } });
    expect(await refusal(poll(started.device_code, app, new Date(Date.now() + 60_000)))).toBe("access_denied");
    expect(await db.credential.count({ where: { kind: "oat", oauthClientId: app.client.id } })).toBe(before);
  });

  it("expired_token after expiry, and an expired user code is not accepted", async () => {
    const longAgo = new Date(Date.now() - 11 * 60_000);
    const started = await start(app, {}, longAgo);
    expect(await refusal(poll(started.device_code))).toBe("expired_token");
    expect(await allow(started.user_code)).toMatchObject({ ok: false });
  });

  it("another app's device code, a made-up one and a malformed one are invalid_grant", async () => {
    const started = await start(app);
    expect(await refusal(poll(started.device_code, other))).toBe("invalid_grant");
    expect(await refusal(poll(mintSecret("dc")))).toBe("invalid_grant");
    expect(await refusal(poll("not-a-device-code"))).toBe("invalid_grant");
    expect(await refusal(deviceCodeGrant(get().db, app.client, form({}), context()))).toBe("invalid_request");
    // The other app's refused poll left this one untouched.
    expect(await refusal(poll(started.device_code, app))).toBe("authorization_pending");
  });

  it("a user of another account cannot answer for this account's app", async () => {
    const { db } = get();
    const otherAccount = await createAccount(db, "Other Network");
    const stranger = {
      ...(await createTestUser(db, otherAccount, { role: "network_user" })),
      accountId: otherAccount,
      role: "network_user" as const,
    };
    const started = await start();
    expect(await answerDeviceRequest(db, stranger, started.user_code, "allow", context())).toMatchObject({ ok: false });
    expect(await refusal(poll(started.device_code))).toBe("authorization_pending");
  });

  it("guessing: 40 wrong codes at once from one user count exactly the limit; the rest are refused with a retry time", async () => {
    const { db } = get();
    const guesser = await createTestUser(db, accountId, { role: "network_user" });
    const who = { id: guesser.id, accountId };
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        findDeviceRequest(db, who, generateUserCode(), context(`203.0.113.${index + 1}`), now),
      ),
    );
    const wrong = results.filter((result) => !result.ok && result.retryAfterSeconds === undefined);
    const limited = results.filter((result) => !result.ok && result.retryAfterSeconds !== undefined);
    expect(wrong).toHaveLength(USER_CODE_GUESSES_PER_MINUTE);
    expect(limited).toHaveLength(40 - USER_CODE_GUESSES_PER_MINUTE);
    expect(limited[0]).toMatchObject({
      message: expect.stringMatching(/Too many wrong codes.*Try again in \d+ seconds/),
    });
    // Even the right code waits now; after the minute it goes through.
    const started = await start();
    expect(await findDeviceRequest(db, who, started.user_code, context(), now)).toMatchObject({ ok: false });
    expect(
      await findDeviceRequest(db, who, started.user_code, context(), new Date(now.getTime() + 61_000)),
    ).toMatchObject({ ok: true });
  });

  it("guessing: 40 wrong codes at once from one address, by different users, count exactly the limit", async () => {
    const { db } = get();
    const address = context("192.0.2.77");
    const users = await Promise.all(
      Array.from({ length: 8 }, async () => ({ id: (await createTestUser(db, accountId)).id, accountId })),
    );
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) => findDeviceRequest(db, users[index % 8]!, generateUserCode(), address)),
    );
    expect(results.filter((result) => !result.ok && result.retryAfterSeconds === undefined)).toHaveLength(
      USER_CODE_GUESSES_PER_MINUTE,
    );
  });

  it("a right code does not count against the user", async () => {
    const { db } = get();
    const typist = { id: (await createTestUser(db, accountId)).id, accountId };
    const started = await start();
    for (let i = 0; i < USER_CODE_GUESSES_PER_MINUTE + 3; i++)
      expect(await findDeviceRequest(db, typist, started.user_code, context())).toMatchObject({ ok: true });
    // A malformed code is no guess either.
    for (let i = 0; i < USER_CODE_GUESSES_PER_MINUTE + 3; i++)
      expect(await findDeviceRequest(db, typist, "nope", context())).toMatchObject({ ok: false });
    expect(await findDeviceRequest(db, typist, started.user_code, context())).toMatchObject({ ok: true });
  });
});

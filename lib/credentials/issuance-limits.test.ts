import { randomBytes } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { MAX_FAILURES_PER_ACCOUNT } from "@/lib/auth/sign-in-throttle";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { exchangePasswordForToken } from "@/lib/credentials/token-exchange";
import { registerClient, withSecret, type ConfidentialClient } from "@/lib/oauth/clients";
import { ProtocolError } from "@/lib/http/protocol-error";
import { clientCredentialsGrant } from "@/lib/oauth/grants";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { issuanceLimits } from "./issuance-limits";

const context: RequestContext = { ip: "198.51.100.77", userAgent: "vitest" };

describeEachDatabase("issuance limits under concurrent requests", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let service: { id: string; email: string };

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    service = await createTestUser(db, accountId, { isApiUser: true });
  });

  async function registerApp(): Promise<ConfidentialClient> {
    const result = await registerClient(
      get().db,
      admin,
      {
        name: `Limits ${randomBytes(3).toString("hex")}`,
        redirectUris: "https://app.example.test/cb",
        grantTypes: ["client_credentials"],
        scopes: ["users:read"],
        serviceUserId: service.id,
        canIntrospect: false,
      },
      context,
    );
    if (!("registered" in result)) throw new Error("expected a new app");
    return withSecret(result.registered);
  }

  it(`token exchange: of 40 exchanges sent in bursts for one user, exactly the hourly limit (${issuanceLimits().tokenExchangesPerHour}) get a token; the rest are 429 with a wait`, async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const limit = issuanceLimits().tokenExchangesPerHour;
    // Bursts of as many as the lock-out lets be checked at once (lib/auth/sign-in-throttle.ts
    // reserves a place per password check in flight), so every refusal here is the limit's.
    const results = [];
    for (let burst = 0; burst < 40 / MAX_FAILURES_PER_ACCOUNT; burst++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: MAX_FAILURES_PER_ACCOUNT }, () =>
            exchangePasswordForToken(db, { email: user.email, password: user.password }, context),
          ),
        )),
      );
    }
    const issued = results.filter((result) => result.ok);
    const refused = results.filter((result) => !result.ok);
    expect(issued).toHaveLength(limit);
    expect(refused).toHaveLength(40 - limit);
    for (const refusal of refused) {
      expect(refusal).toMatchObject({ ok: false, status: 429, error: "too_many_requests" });
      if (!refusal.ok) {
        expect(refusal.retryAfterMinutes).toBeGreaterThanOrEqual(1);
        expect(refusal.retryAfterMinutes).toBeLessThanOrEqual(60);
      }
    }
    expect(await db.credential.count({ where: { userId: user.id, kind: "tok" } })).toBe(limit);
    expect(await db.auditEvent.count({ where: { action: "auth.token_exchange", actorId: user.id } })).toBe(limit);
    // Another user is counted on their own.
    const other = await createTestUser(db, accountId);
    expect((await exchangePasswordForToken(db, { email: other.email, password: other.password }, context)).ok).toBe(
      true,
    );
  });

  it("token exchange: the window closes an hour after it opened, then the user gets tokens again", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const limit = issuanceLimits().tokenExchangesPerHour;
    const start = new Date(Date.now() + 1000);
    for (let i = 0; i < limit; i++)
      expect(
        (await exchangePasswordForToken(db, { email: user.email, password: user.password }, context, start)).ok,
      ).toBe(true);
    const refused = await exchangePasswordForToken(
      db,
      { email: user.email, password: user.password },
      context,
      new Date(start.getTime() + 59 * 60_000),
    );
    expect(refused).toMatchObject({ ok: false, status: 429, retryAfterMinutes: 1 });
    expect(
      (
        await exchangePasswordForToken(
          db,
          { email: user.email, password: user.password },
          context,
          new Date(start.getTime() + 60 * 60_000),
        )
      ).ok,
    ).toBe(true);
  });

  it(`personal API credentials: of 40 created at once by a user holding ${issuanceLimits().activeApiCredentials - 5} active ones, exactly 5 are made; revoked ones do not count`, async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const owner = { id: user.id, email: user.email, accountId };
    const limit = issuanceLimits().activeApiCredentials;
    for (let i = 0; i < limit - 5; i++)
      await createPersonalCredential(db, owner, { description: `existing ${i}` }, context);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => createPersonalCredential(db, owner, { description: `burst ${i}` }, context)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    const refusals = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(refusals).toHaveLength(35);
    for (const refusal of refusals) {
      expect(refusal.reason).toBeInstanceOf(CredentialRuleError);
      expect((refusal.reason as Error).message).toContain(`${limit} active API credentials`);
    }
    expect(await db.credential.count({ where: { userId: user.id, kind: "pat", status: "active" } })).toBe(limit);
    // Revoking one makes room for one.
    const one = await db.credential.findFirstOrThrow({ where: { userId: user.id, kind: "pat" } });
    await db.credential.update({ where: { id: one.id }, data: { status: "revoked", revokedAt: new Date() } });
    await expect(createPersonalCredential(db, owner, { description: "after revoke" }, context)).resolves.toHaveProperty(
      "created",
    );
    await expect(createPersonalCredential(db, owner, { description: "one too many" }, context)).rejects.toThrow(
      CredentialRuleError,
    );
  });

  it("personal API credentials: a Save sent twice that takes the last free place answers the second time with the first credential, not the limit", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const owner = { id: user.id, email: user.email, accountId };
    const limit = issuanceLimits().activeApiCredentials;
    for (let i = 0; i < limit - 1; i++)
      await createPersonalCredential(db, owner, { description: `existing ${i}` }, context);
    const requestId = "3f0c8a52-6a4e-4f0e-9a8e-2b1d5c7e9f10";
    const [first, second] = await Promise.all([
      createPersonalCredential(db, owner, { description: "last place", requestId }, context),
      createPersonalCredential(db, owner, { description: "last place", requestId }, context),
    ]);
    const made = [first, second].find((result) => "created" in result);
    const duplicate = [first, second].find((result) => "duplicateOf" in result);
    if (!made || !("created" in made) || !duplicate || !("duplicateOf" in duplicate))
      throw new Error("expected one credential and one duplicate answer");
    expect(duplicate.duplicateOf).toEqual({ id: made.created.id, hint: made.created.hint });
    await expect(
      createPersonalCredential(
        db,
        owner,
        { description: "another", requestId: "7d1e2c3b-4a5f-4e6d-8c7b-9a0b1c2d3e4f" },
        context,
      ),
    ).rejects.toThrow(`${limit} active API credentials`);
  });

  it(`OAuth: of ${issuanceLimits().oauthTokensPerMinute + 20} token requests sent at once by one client, exactly ${issuanceLimits().oauthTokensPerMinute} get a token; the rest are 429 with Retry-After`, async () => {
    const { db } = get();
    const app = await registerApp();
    const limit = issuanceLimits().oauthTokensPerMinute;
    const results = await Promise.allSettled(
      Array.from({ length: limit + 20 }, () =>
        clientCredentialsGrant(db, app.client, new URLSearchParams({ grant_type: "client_credentials" }), context),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(limit);
    const refusals = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(refusals).toHaveLength(20);
    for (const refusal of refusals) {
      const error = refusal.reason as ProtocolError;
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.status).toBe(429);
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect(await db.credential.count({ where: { oauthClientId: app.client.id, kind: "oat" } })).toBe(limit);
    // Another client of the same account is not held back.
    const other = await registerApp();
    await expect(
      clientCredentialsGrant(db, other.client, new URLSearchParams({ grant_type: "client_credentials" }), context),
    ).resolves.toHaveProperty("access_token");
  });
});

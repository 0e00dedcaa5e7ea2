// Limits set by a super admin reach the verifier through the credential's cached look-up: a
// credential's own, the account default, an OAuth app's shared by its tokens. Each change is
// audited in its transaction and clears the cache; another account's credential is out of reach.
import { beforeAll, expect, it } from "vitest";
import { NO_REQUEST } from "../audit";
import { invalidateCredentialCache } from "../credentials/cache";
import { CredentialRuleError } from "../credentials/errors";
import { issueCredential } from "../credentials/issue";
import type { CredentialKind } from "../credentials/kind";
import { oauthAccessToken } from "../credentials/kinds/oauth-access-token";
import { personalCredential } from "../credentials/kinds/personal-credential";
import { ProtocolError } from "../http/protocol-error";
import { verifyRequest } from "../verifier/verify";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import {
  readCredentialRateLimit,
  setAccountRateLimit,
  setCredentialRateLimit,
  setOAuthAppRateLimit,
  type RateLimitAdmin,
} from "./rate-limit-settings";

describeEachDatabase("rate limits set by a super admin, enforced by the verifier", (get) => {
  let accountId: string;
  let otherAccountId: string;
  let ownerId: string;
  let admin: RateLimitAdmin;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    otherAccountId = await createAccount(db, "Other Network");
    ownerId = (await createTestUser(db, accountId)).id;
    const superAdmin = await createTestUser(db, accountId, { role: "super_admin" });
    admin = { actor: { id: superAdmin.id, label: superAdmin.email, accountId }, accountId };
  });

  async function issue(
    kind: CredentialKind = personalCredential,
    options: { accountId?: string; oauthClientId?: string } = {},
  ) {
    const { db } = get();
    return db.$transaction((tx) =>
      issueCredential(tx, kind, {
        accountId: options.accountId ?? accountId,
        userId: ownerId,
        createdById: null,
        name: `limited ${Math.random()}`,
        oauthClientId: options.oauthClientId,
      }),
    );
  }

  const call = (secret: string) =>
    verifyRequest(
      {
        method: "GET",
        headers: new Headers({ authorization: `Bearer ${secret}` }),
        searchParams: new URLSearchParams(),
      },
      { database: get().db },
    );

  async function accepted(secret: string, requests: number): Promise<number> {
    const results = await Promise.all(Array.from({ length: requests }, () => call(secret)));
    for (const result of results) {
      if (result instanceof ProtocolError) expect(result.status).toBe(429);
    }
    return results.filter((result) => !(result instanceof ProtocolError)).length;
  }

  it("a credential's own limit: headers on accepted requests, 429 with Retry-After past it, audited", async () => {
    const { db } = get();
    const pat = await issue();
    // Seen once without a limit, so its record is in the look-up cache: the change must clear it.
    const before = await call(pat.secret);
    expect(before).toMatchObject({ rateLimitHeaders: {} });

    await setCredentialRateLimit(db, admin, pat.id, { limit: 2, window: "minute" }, NO_REQUEST);
    expect(await call(pat.secret)).toMatchObject({
      rateLimitHeaders: { "RateLimit-Policy": '"credential";q=2;w=60', RateLimit: '"credential";r=1;t=60' },
    });
    expect(await call(pat.secret)).toMatchObject({ rateLimitHeaders: { RateLimit: '"credential";r=0;t=60' } });
    const refused = await call(pat.secret);
    if (!(refused instanceof ProtocolError)) throw new Error("expected 429");
    expect(refused.status).toBe(429);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.refused).toEqual({ credentialId: pat.id, reason: "rate_limited" });

    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "credential.rate_limit_changed", targetId: pat.id },
    });
    expect(audit.actorId).toBe(admin.actor.id);
    expect(JSON.parse(audit.details ?? "{}")).toEqual({ from: "no limit", to: "2 requests per minute" });
    expect(await readCredentialRateLimit(db, accountId, pat.id)).toEqual({
      own: { limit: 2, window: "minute" },
      accountDefault: null,
      app: null,
    });
  });

  it("removing the limit (Use the account default) lets it through again at once", async () => {
    const { db } = get();
    const pat = await issue();
    await setCredentialRateLimit(db, admin, pat.id, { limit: 1, window: "hour" }, NO_REQUEST);
    expect(await accepted(pat.secret, 3)).toBe(1);
    await setCredentialRateLimit(db, admin, pat.id, null, NO_REQUEST);
    expect(await accepted(pat.secret, 3)).toBe(3);
  });

  it("the account default applies to each credential without a limit of its own, each with its own budget", async () => {
    const { db } = get();
    const [one, two, own] = [await issue(), await issue(), await issue()];
    await setCredentialRateLimit(db, admin, own.id, { limit: 5, window: "minute" }, NO_REQUEST);
    await setAccountRateLimit(db, admin, { limit: 3, window: "minute" }, NO_REQUEST);
    try {
      expect(await accepted(one.secret, 6)).toBe(3);
      expect(await accepted(two.secret, 6)).toBe(3);
      expect(await accepted(own.secret, 8)).toBe(5);
      const audit = await db.auditEvent.findFirstOrThrow({
        where: { action: "account.rate_limit_changed", accountId },
        orderBy: { createdAt: "desc" },
      });
      expect(JSON.parse(audit.details ?? "{}")).toEqual({ from: "no limit", to: "3 requests per minute" });
    } finally {
      await setAccountRateLimit(db, admin, null, NO_REQUEST);
    }
  });

  it("an OAuth app's limit is one budget for all its access tokens", async () => {
    const { db } = get();
    const app = await db.oAuthClient.create({
      data: {
        accountId,
        clientId: `kwc_${Math.random()}`,
        name: "Limited app",
        redirectUris: "",
        grantTypes: "",
        scopes: "",
      },
    });
    const tokens = [
      await issue(oauthAccessToken, { oauthClientId: app.id }),
      await issue(oauthAccessToken, { oauthClientId: app.id }),
    ];
    await setOAuthAppRateLimit(db, admin, app.id, { limit: 4, window: "hour" }, NO_REQUEST);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => call(tokens[i % 2]!.secret)));
    expect(results.filter((result) => !(result instanceof ProtocolError))).toHaveLength(4);
    expect(results.find((result) => !(result instanceof ProtocolError))).toMatchObject({
      rateLimitHeaders: { "RateLimit-Policy": '"app";q=4;w=3600' },
    });
    // A token's own limit would split the app's budget: the app's screen sets it.
    await expect(
      setCredentialRateLimit(db, admin, tokens[0]!.id, { limit: 9, window: "hour" }, NO_REQUEST),
    ).rejects.toThrow(CredentialRuleError);
    expect((await readCredentialRateLimit(db, accountId, tokens[0]!.id))?.app).toEqual({
      id: app.id,
      name: "Limited app",
      policy: { limit: 4, window: "hour" },
    });
    expect(await db.auditEvent.count({ where: { action: "oauth.client_rate_limit_changed", targetId: app.id } })).toBe(
      1,
    );
  });

  it("another account's credential and app are unknown, and nothing changes", async () => {
    const { db } = get();
    const theirs = await issue(personalCredential, { accountId: otherAccountId });
    await expect(
      setCredentialRateLimit(db, admin, theirs.id, { limit: 1, window: "second" }, NO_REQUEST),
    ).rejects.toThrow("Unknown credential");
    const row = await db.credential.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(row.rateLimit).toBeNull();
    expect(await readCredentialRateLimit(db, accountId, theirs.id)).toBeNull();
  });

  it("a bad limit is refused before anything is written", async () => {
    const { db } = get();
    const pat = await issue();
    await expect(
      setCredentialRateLimit(db, admin, pat.id, { limit: 0, window: "minute" }, NO_REQUEST),
    ).rejects.toThrow();
    await expect(
      setCredentialRateLimit(db, admin, pat.id, { limit: 5, window: "day" as "hour" }, NO_REQUEST),
    ).rejects.toThrow();
    expect(await db.auditEvent.count({ where: { action: "credential.rate_limit_changed", targetId: pat.id } })).toBe(0);
    invalidateCredentialCache();
    expect(await call(pat.secret)).toMatchObject({ rateLimitHeaders: {} });
  });
});

// IP allowlists end to end below HTTP: a super admin's change (audited with it), the verifier's
// answer for addresses inside and outside, report-only, which level applies, and a change
// taking effect on the very next request (the look-up cache forgets it).
import { beforeAll, expect, it } from "vitest";
import { NO_REQUEST } from "@/lib/audit";
import type { Admin } from "@/lib/credentials/actor";
import { issueCredential } from "@/lib/credentials/issue";
import type { CredentialKind } from "@/lib/credentials/kind";
import { accountApiKey } from "@/lib/credentials/kinds/account-api-key";
import { authToken } from "@/lib/credentials/kinds/auth-token";
import { oauthAccessToken } from "@/lib/credentials/kinds/oauth-access-token";
import { personalCredential } from "@/lib/credentials/kinds/personal-credential";
import { ProtocolError } from "@/lib/http/protocol-error";
import { verifyRequest, type Principal } from "@/lib/verifier/verify";
import { hashSecret } from "@/lib/credentials/hash";
import { loadCredentialRecord } from "@/lib/credentials/record";
import { describeEachDatabase } from "@/test/each-database";
import { captureQueries } from "@/test/query-plans";
import { createAccount, createTestUser } from "@/test/fixtures";
import { allowlistFormSchema, type AllowlistInput } from "../allowlists/allowlist-form";
import {
  readAccountAllowlist,
  readCredentialAllowlist,
  setAccountAllowlist,
  setCredentialAllowlist,
  setOAuthAppAllowlist,
} from "./allowlist-settings";

const NOW = Date.UTC(2031, 5, 1, 12);
const INSIDE = "203.0.113.9";
const OUTSIDE = "198.51.100.20";

function input(ranges: string, reportOnly = false): AllowlistInput {
  return allowlistFormSchema.parse({ intent: "save", ranges, reportOnly: reportOnly ? "on" : null });
}

describeEachDatabase("IP allowlists", (get) => {
  let accountId: string;
  let admin: Admin;
  let otherAdmin: Admin;
  let owner: { id: string };
  let accountKey: string;

  async function issue(kind: CredentialKind, extra: { oauthClientId?: string; userId?: string | null } = {}) {
    return get().db.$transaction((tx) =>
      issueCredential(tx, kind, {
        accountId,
        userId: extra.userId === undefined ? owner.id : extra.userId,
        createdById: null,
        name: `${kind.label} ${Math.random()}`,
        oauthClientId: extra.oauthClientId,
        accountKeyOf: kind === accountApiKey ? accountId : undefined,
      }),
    );
  }

  const call = (secret: string, address: string | null, userKey?: string) =>
    verifyRequest(
      {
        method: "GET",
        headers: new Headers({
          authorization: `Bearer ${secret}`,
          ...(address === null ? {} : { "x-forwarded-for": address }),
          ...(userKey ? { user_key: userKey } : {}),
        }),
        searchParams: new URLSearchParams(),
      },
      { now: NOW, database: get().db },
    );
  const accepted = async (secret: string, address: string | null, userKey?: string): Promise<Principal> => {
    const result = await call(secret, address, userKey);
    if (result instanceof ProtocolError) throw new Error(`expected acceptance, got ${result.description}`);
    return result;
  };
  const refused = async (secret: string, address: string | null, userKey?: string): Promise<ProtocolError> => {
    const result = await call(secret, address, userKey);
    if (!(result instanceof ProtocolError)) throw new Error("expected a refusal");
    return result;
  };

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    const otherAccountId = await createAccount(db, "Other Network");
    const superAdmin = await createTestUser(db, accountId, { role: "super_admin" });
    admin = { id: superAdmin.id, email: superAdmin.email, accountId, role: "super_admin" };
    const other = await createTestUser(db, otherAccountId, { role: "super_admin" });
    otherAdmin = { id: other.id, email: other.email, accountId: otherAccountId, role: "super_admin" };
    owner = await createTestUser(db, accountId, { isApiUser: true });
    accountKey = (await issue(accountApiKey, { userId: null })).secret;
  });

  it("refuses an address outside a credential's list with 403, naming the reason but not the list", async () => {
    const pat = await issue(personalCredential);
    // Accepted (and cached) before the list exists: the change must reach the next request anyway.
    await accepted(pat.secret, OUTSIDE);
    await setCredentialAllowlist(get().db, admin, pat.id, input("203.0.113.0/24\n2001:db8::/32"), NO_REQUEST);

    const refusal = await refused(pat.secret, OUTSIDE);
    expect(refusal.status).toBe(403);
    expect(refusal.code).toBe("ip_not_allowed");
    expect(refusal.description).toMatch(/IP allowlist/);
    expect(refusal.description).not.toContain("203.0.113");
    expect(refusal.description).not.toContain(OUTSIDE);
    expect(refusal.refused).toEqual({ credentialId: pat.id, reason: "ip" });

    const principal = await accepted(pat.secret, INSIDE);
    expect(principal.credential.id).toBe(pat.id);
    expect(principal.reportOnly).toBeUndefined();
    await accepted(pat.secret, "2001:db8:1::5");
    // How a dual-stack socket reports an IPv4 peer.
    await accepted(pat.secret, `::ffff:${INSIDE}`);
    // No address, or a header that is not one address (not server.mjs's), is outside.
    expect((await refused(pat.secret, null)).status).toBe(403);
    expect((await refused(pat.secret, "garbage")).status).toBe(403);
  });

  it("in report-only mode accepts the outside address and marks the would-be refusal", async () => {
    const pat = await issue(personalCredential);
    await setCredentialAllowlist(get().db, admin, pat.id, input("203.0.113.0/24", true), NO_REQUEST);
    expect((await accepted(pat.secret, OUTSIDE)).reportOnly).toEqual({ reason: "ip" });
    expect((await accepted(pat.secret, INSIDE)).reportOnly).toBeUndefined();
    // Switched to enforcing: refused from the next request on.
    await setCredentialAllowlist(get().db, admin, pat.id, input("203.0.113.0/24", false), NO_REQUEST);
    expect((await refused(pat.secret, OUTSIDE)).status).toBe(403);
  });

  it("applies the account default to credentials without their own list; their own list wins", async () => {
    const { db } = get();
    const plain = await issue(personalCredential);
    const ownList = await issue(personalCredential);
    await setCredentialAllowlist(db, admin, ownList.id, input(OUTSIDE), NO_REQUEST);
    try {
      await setAccountAllowlist(db, admin, input("203.0.113.0/24"), NO_REQUEST);
      expect((await refused(plain.secret, OUTSIDE)).status).toBe(403);
      await accepted(plain.secret, INSIDE);
      await accepted(ownList.secret, OUTSIDE);
      expect((await refused(ownList.secret, INSIDE)).status).toBe(403);
      // A credential's list cleared: back to the account default.
      await setCredentialAllowlist(db, admin, ownList.id, allowlistFormSchema.parse({ intent: "clear" }), NO_REQUEST);
      expect(await readCredentialAllowlist(db, accountId, ownList.id)).toEqual({ ranges: [], reportOnly: false });
      expect((await refused(ownList.secret, OUTSIDE)).status).toBe(403);
    } finally {
      await setAccountAllowlist(db, admin, input(""), NO_REQUEST);
    }
    expect(await readAccountAllowlist(db, accountId)).toEqual({ ranges: [], reportOnly: false });
    await accepted(plain.secret, OUTSIDE);
  });

  it("judges an auth token (sent with the account key) by the auth token's list", async () => {
    const at = await issue(authToken);
    await setCredentialAllowlist(get().db, admin, at.id, input(INSIDE), NO_REQUEST);
    await accepted(at.secret, INSIDE, accountKey);
    const refusal = await refused(at.secret, OUTSIDE, accountKey);
    expect([refusal.status, refusal.refused?.credentialId]).toEqual([403, at.id]);
  });

  it("applies an OAuth app's list to the access tokens issued to it", async () => {
    const { db } = get();
    const app = await db.oAuthClient.create({
      data: {
        accountId,
        clientId: `kwc_${Date.now()}`,
        name: "Allowlisted app",
        redirectUris: "",
        grantTypes: "client_credentials",
        scopes: "",
      },
    });
    const token = await issue(oauthAccessToken, { oauthClientId: app.id });
    const otherAppToken = await issue(oauthAccessToken);
    await setOAuthAppAllowlist(db, admin, app.id, input("203.0.113.0/24"), NO_REQUEST);
    expect((await refused(token.secret, OUTSIDE)).status).toBe(403);
    await accepted(token.secret, INSIDE);
    await accepted(otherAppToken.secret, OUTSIDE);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "oauth.client_allowlist_changed", targetId: app.id },
    });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ before: "none", after: "203.0.113.0/24" });
  });

  it("reads the lists with the credential, compiled into its cached record; an app's only for its tokens", async () => {
    const { db } = get();
    const app = await db.oAuthClient.create({
      data: {
        accountId,
        clientId: `kwc_q${Date.now()}`,
        name: "Query app",
        redirectUris: "",
        grantTypes: "client_credentials",
        scopes: "",
        ipAllowlist: "192.0.2.0/24",
      },
    });
    const token = await issue(oauthAccessToken, { oauthClientId: app.id });
    const pat = await issue(personalCredential);
    await setAccountAllowlist(db, admin, input("198.51.100.0/24"), NO_REQUEST);
    try {
      const lookUp = async (secret: string) => {
        let record: Awaited<ReturnType<typeof loadCredentialRecord>> = null;
        const queries = await captureQueries(get(), async (client) => {
          record = await loadCredentialRecord(client, hashSecret(secret));
        });
        return { record: record!, queries: queries.map((query) => query.sql) };
      };
      const plain = await lookUp(pat.secret);
      // The credential's and the account's lists come with the statements the look-up always sent
      // (the credential, its owner, its account): none more.
      expect(plain.queries).toHaveLength(3);
      expect(plain.queries.some((sql) => /ipAllowlist/.test(sql) && /[`"]Credential[`"]/.test(sql))).toBe(true);
      expect(plain.queries.some((sql) => /ipAllowlist/.test(sql) && /[`"]Account[`"]/.test(sql))).toBe(true);
      expect(plain.queries.some((sql) => /[`"]OAuthClient[`"]/.test(sql))).toBe(false);
      expect(plain.record.allowlist?.source).toBe("account");

      const viaApp = await lookUp(token.secret);
      expect(viaApp.queries.filter((sql) => /[`"]OAuthClient[`"]/.test(sql))).toHaveLength(1);
      expect(viaApp.record.allowlist?.source).toBe("oauth_app");
      expect(viaApp.record.allowlist?.matcher.ranges.map((range) => range.text)).toEqual(["192.0.2.0/24"]);

      // A token with a list of its own uses it; its app is still read, for the app's rate limit
      // (an access token has no limit of its own), in the same one statement.
      await setCredentialAllowlist(db, admin, token.id, input("203.0.113.0/24"), NO_REQUEST);
      const own = await lookUp(token.secret);
      expect(own.queries.filter((sql) => /[`"]OAuthClient[`"]/.test(sql))).toHaveLength(1);
      expect(own.record.allowlist?.source).toBe("credential");
    } finally {
      await setAccountAllowlist(db, admin, input(""), NO_REQUEST);
    }
  });

  it("audits each change with the list before and after", async () => {
    const { db } = get();
    const pat = await issue(personalCredential);
    await setCredentialAllowlist(db, admin, pat.id, input("10.0.0.0/8"), NO_REQUEST);
    await setCredentialAllowlist(db, admin, pat.id, input("10.0.0.0/8\n192.0.2.1", true), NO_REQUEST);
    const rows = await db.auditEvent.findMany({
      where: { action: "credential.allowlist_changed", targetId: pat.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((row) => JSON.parse(row.details ?? "{}"))).toEqual([
      { before: "none", after: "10.0.0.0/8" },
      { before: "10.0.0.0/8", after: "10.0.0.0/8, 192.0.2.1 (report only)" },
    ]);
    expect(rows.every((row) => row.actorId === admin.id && row.accountId === accountId)).toBe(true);
    const accountRows = () => db.auditEvent.count({ where: { action: "account.allowlist_changed", accountId } });
    const before = await accountRows();
    await setAccountAllowlist(db, admin, input("192.0.2.0/24"), NO_REQUEST);
    await setAccountAllowlist(db, admin, input(""), NO_REQUEST);
    expect(await accountRows()).toBe(before + 2);
  });

  it("refuses another account's credential and app, and anyone but a super admin, changing nothing", async () => {
    const { db } = get();
    const pat = await issue(personalCredential);
    await expect(setCredentialAllowlist(db, otherAdmin, pat.id, input("10.0.0.0/8"), NO_REQUEST)).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
    await expect(
      setCredentialAllowlist(db, { ...admin, role: "network_user" }, pat.id, input("10.0.0.0/8"), NO_REQUEST),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      setAccountAllowlist(db, { ...admin, role: "advertiser_user" }, input("10.0.0.0/8"), NO_REQUEST),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await readCredentialAllowlist(db, accountId, pat.id)).toEqual({ ranges: [], reportOnly: false });
    expect(await db.auditEvent.count({ where: { action: "credential.allowlist_changed", targetId: pat.id } })).toBe(0);
    await accepted(pat.secret, OUTSIDE);
  });

  it("takes no list on a kind never sent to the API (the account API key)", async () => {
    const { db } = get();
    const key = await db.credential.findFirstOrThrow({ where: { accountId, kind: accountApiKey.code } });
    await expect(setCredentialAllowlist(db, admin, key.id, input("10.0.0.0/8"), NO_REQUEST)).rejects.toThrow(
      /takes no allowlist/,
    );
  });
});

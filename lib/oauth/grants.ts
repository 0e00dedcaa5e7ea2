// The grants of POST /oauth2/token. Each issues an access token (kind "oat") in one
// transaction with its audit row. An app registered for the refresh_token grant also gets a
// refresh token with each authorization-code token (./refresh-family.ts; the refresh grant
// itself is ./refresh-grant.ts); client credentials never bring one (the app can ask again).
// With the openid scope the code grant adds an ID token (./id-token.ts).
import type { OAuthScope } from "../access/privileges";
import { recordAudit, type RequestContext } from "../audit";
import { parseSecret } from "../credentials/format";
import { digestsEqual, hashSecret } from "../credentials/hash";
import { ACCESS_TOKEN_LIFETIME_SECONDS, oauthAccessToken } from "../credentials/kinds/oauth-access-token";
import { oauthAuthorizationCode } from "../credentials/kinds/oauth-authorization-code";
import { expiresAfter, hasExpired } from "../credentials/lifecycle";
import { splitScopes } from "../credentials/scope-list";
import { changeCredentials, issueAudited } from "../credentials/store";
import type { Db, Tx } from "../db";
import { IssuanceLimitError, MINUTE_MS, issuanceLimits, reserveIssuance } from "../credentials/issuance-limits";
import type { OAuthClientRecord } from "./clients";
import type { GrantType } from "../validations/oauth-client";
import { oauthError } from "../http/protocol-error";
import { verifierMatches } from "./pkce";
import { grantedScopes, requestedScopes } from "./scope";
import {
  appActor,
  issueRefreshToken,
  newRefreshFamily,
  revokeRefreshFamily,
  type RefreshFamily,
} from "./refresh-family";
import { mintIdToken, type IdTokenSubject } from "./id-token";

/** RFC 6749 5.1. */
export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  /** RFC 6749 5.1 / 6: only to apps registered for the refresh_token grant, never with client credentials. */
  refresh_token?: string;
  /** OpenID Connect: when the granted scopes include openid (lib/oauth/id-token.ts). */
  id_token?: string;
}

const clientActor = appActor;

/** A parameter that must appear at most once (RFC 6749 3.2). */
export function singleParameter(form: URLSearchParams, name: string): string | null {
  const values = form.getAll(name);
  if (values.length > 1) throw oauthError("invalid_request", `${name} appears more than once`);
  return values[0] ?? null;
}

export function requiredParameter(form: URLSearchParams, name: string): string {
  const value = singleParameter(form, name);
  if (value === null || value === "") throw oauthError("invalid_request", `${name} is required`);
  return value;
}

/**
 * An access token, within the issuance limit; `family`: the refresh token family it grows from
 * (revoked with it, ./refresh-family.ts).
 */
export async function issueAccessToken(
  tx: Tx,
  client: OAuthClientRecord,
  user: { id: string; email: string },
  scopes: OAuthScope[],
  grant: string,
  context: RequestContext,
  now: Date,
  family: RefreshFamily | null = null,
): Promise<{ id: string; response: TokenResponse }> {
  const limit = issuanceLimits().oauthTokensPerMinute;
  try {
    await reserveIssuance(
      tx,
      {
        key: `oat:${client.id}`,
        limit,
        windowMs: MINUTE_MS,
        refusal: (wait) =>
          `This app obtained ${limit} access tokens in the last minute, the most allowed; reuse a token until it expires, or retry in ${wait} seconds`,
      },
      now,
    );
  } catch (error) {
    // Thrown inside the grant's transaction, so the whole grant (a code's use included) is undone.
    if (error instanceof IssuanceLimitError)
      throw oauthError("temporarily_unavailable", error.message, {
        status: 429,
        retryAfterSeconds: error.retryAfterSeconds,
      });
    throw error;
  }
  const expiresAt = expiresAfter(oauthAccessToken, now);
  const issued = await issueAudited(
    tx,
    oauthAccessToken,
    {
      accountId: client.accountId,
      userId: user.id,
      createdById: null,
      name: client.name,
      scopes: scopes.join(" "),
      expiresAt,
      oauthClientId: client.id,
      refreshFamilyId: family?.id ?? null,
    },
    {
      actor: clientActor(client),
      context,
      action: "oauth.token_issued",
      details: { grant, owner: user.email, scopes: scopes.join(" "), expiresAt: expiresAt.toISOString() },
    },
  );
  return {
    id: issued.id,
    response: {
      access_token: issued.secret,
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      scope: scopes.join(" "),
    },
  };
}

/** One grant of the token endpoint: the authenticated client and the request's form in, a token out. */
export type GrantHandler = (
  db: Db,
  client: OAuthClientRecord,
  form: URLSearchParams,
  context: RequestContext,
  now?: Date,
) => Promise<TokenResponse>;

/** A client uses only the grants it was registered for (RFC 6749 5.2, unauthorized_client). */
export function assertGrantRegistered(client: OAuthClientRecord, grant: GrantType): void {
  if (!client.grantTypes.includes(grant))
    throw oauthError(
      "unauthorized_client",
      `This app is not registered for the ${grant.startsWith("urn:") ? grant : grant.replace("_", " ")} grant`,
    );
}

/** client_credentials (RFC 6749 4.4): the app acts as its service user, within its scopes. */
export const clientCredentialsGrant: GrantHandler = async (db, client, form, context, now = new Date()) => {
  assertGrantRegistered(client, "client_credentials");
  const scopes = requestedScopes(singleParameter(form, "scope"), client.scopes, { identity: false });
  return db.$transaction(async (tx) => {
    const user = client.serviceUserId
      ? await tx.user.findFirst({
          where: { id: client.serviceUserId, accountId: client.accountId, status: "active" },
          select: { id: true, email: true, role: true },
        })
      : null;
    if (!user)
      throw oauthError(
        "unauthorized_client",
        "The user this app acts as is disabled or gone; a super admin must register the app again",
      );
    return (
      await issueAccessToken(tx, client, user, grantedScopes(scopes, user.role), "client_credentials", context, now)
    ).response;
  });
};

type CodeOutcome =
  | { token: TokenResponse; identity: Omit<IdTokenSubject, "issuer"> | null }
  | { replayed: { codeId: string; accessTokenId: string | null } };

/**
 * authorization_code (RFC 6749 4.1.3) with PKCE (RFC 7636 4.6); with the openid scope, an ID
 * token too (OIDC Core 3.1.3.3), signed for `issuer` (the token endpoint's, as in discovery).
 */
export const authorizationCodeGrant = async (
  db: Db,
  client: OAuthClientRecord,
  form: URLSearchParams,
  context: RequestContext,
  now: Date = new Date(),
  issuer?: string,
): Promise<TokenResponse> => {
  assertGrantRegistered(client, "authorization_code");
  const code = requiredParameter(form, "code");
  const redirectUri = requiredParameter(form, "redirect_uri");
  const verifier = requiredParameter(form, "code_verifier");
  const parsed = parseSecret(code);
  if (!parsed.ok || parsed.code !== oauthAuthorizationCode.code)
    throw oauthError("invalid_grant", "The authorization code is malformed");
  const codeHash = hashSecret(code);

  const outcome = await db.$transaction(async (tx): Promise<CodeOutcome> => {
    const row = await tx.oAuthAuthorizationCode.findUnique({
      where: { codeHash },
      select: {
        id: true,
        codeHash: true,
        clientId: true,
        redirectUri: true,
        scopes: true,
        codeChallenge: true,
        expiresAt: true,
        consumedAt: true,
        accessTokenId: true,
        nonce: true,
        authTime: true,
        user: {
          select: { id: true, email: true, name: true, role: true, status: true, isApiUser: true, accountId: true },
        },
      },
    });
    if (!row || !digestsEqual(row.codeHash, codeHash) || row.clientId !== client.id)
      throw oauthError("invalid_grant", "The authorization code is not known, or was issued to another app");
    if (row.consumedAt !== null) return { replayed: { codeId: row.id, accessTokenId: row.accessTokenId } };
    if (hasExpired(row.expiresAt.getTime(), now.getTime()))
      throw oauthError("invalid_grant", "The authorization code has expired; start the authorization again");
    // RFC 6749 4.1.3: identical to the authorization request's, a loopback port included (a
    // registered URI with another port is not the one this code was sent to).
    if (row.redirectUri !== redirectUri)
      throw oauthError("invalid_grant", "redirect_uri differs from the one in the authorization request");
    if (!verifierMatches(verifier, row.codeChallenge))
      throw oauthError("invalid_grant", "code_verifier does not match the code_challenge (PKCE)");
    const user = row.user;
    if (user.status !== "active" || user.isApiUser || user.accountId !== client.accountId)
      throw oauthError("invalid_grant", "The user who allowed this app can no longer grant it access");
    // Conditional on "not yet used": of two exchanges racing, one wins.
    const consumed = await tx.oAuthAuthorizationCode.updateMany({
      where: { id: row.id, consumedAt: null },
      data: { consumedAt: now },
    });
    if (consumed.count === 0) throw oauthError("invalid_grant", "The authorization code has already been used");
    const scopes = grantedScopes(splitScopes(row.scopes) as OAuthScope[], user.role);
    // An app registered for refresh tokens gets the first of a new family with this access token.
    const family = client.grantTypes.includes("refresh_token") ? newRefreshFamily(now) : null;
    const issued = await issueAccessToken(tx, client, user, scopes, "authorization_code", context, now, family);
    await tx.oAuthAuthorizationCode.update({ where: { id: row.id }, data: { accessTokenId: issued.id } });
    const identity = scopes.includes("openid")
      ? {
          clientId: client.clientId,
          accountId: client.accountId,
          user,
          scopes,
          nonce: row.nonce,
          authTime: row.authTime,
        }
      : null;
    if (!family) return { token: issued.response, identity };
    const refresh = await issueRefreshToken(tx, client, user, family, scopes, { context }, now);
    return { token: { ...issued.response, refresh_token: refresh.secret }, identity };
  });
  if ("token" in outcome) {
    if (!outcome.identity) return outcome.token;
    if (!issuer) throw new Error("authorizationCodeGrant needs the issuer to sign an ID token");
    // Signed after the commit: the account's first key may have to be made (lib/oauth/signing-keys.ts), in
    // a transaction of its own that a conflict with another instance must not abort this one.
    return { ...outcome.token, id_token: await mintIdToken(db, { ...outcome.identity, issuer }, now) };
  }

  // RFC 6749 4.1.2 / RFC 9700 4.5: a code used twice was probably stolen; the token it
  // bought is revoked along with the refusal, and so is every token refreshed from it.
  const { accessTokenId } = outcome.replayed;
  await changeCredentials(db, async (tx) => {
    const bought = accessTokenId
      ? await tx.credential.findUnique({ where: { id: accessTokenId }, select: { refreshFamilyId: true } })
      : null;
    if (bought?.refreshFamilyId) await revokeRefreshFamily(tx, bought.refreshFamilyId, now);
    if (outcome.replayed.accessTokenId) {
      await tx.credential.updateMany({
        where: { id: outcome.replayed.accessTokenId, status: { not: "revoked" } },
        data: { status: "revoked", revokedAt: now },
      });
    }
    await recordAudit(tx, {
      actor: clientActor(client),
      action: "oauth.code_replayed",
      target: { type: "oauth_client", id: client.id, label: client.clientId },
      context,
      details: { tokenRevoked: outcome.replayed.accessTokenId !== null },
    });
  });
  throw oauthError("invalid_grant", "The authorization code has already been used; the token issued for it is revoked");
};

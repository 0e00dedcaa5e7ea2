// POST /oauth2/introspect (RFC 7662): the company's other services ask whether a Keyward
// credential of any kind is active, and whose it is. The caller is an OAuth app registered
// with "May introspect tokens", and it sees only its own account's credentials. "active"
// is the verifier's own decision (judgeCredential): a credential is active exactly when the
// API would accept it, so the account API key alone never is, and an auth token is only
// with its account's key beside it.
import { scopesOfRole } from "../access/privileges";
import { parseSecret } from "../credentials/format";
import { oauthRefreshToken } from "../credentials/kinds/oauth-refresh-token";
import { findBySecret } from "../credentials/store";
import type { Db } from "../db";
import { oauthError, ProtocolError } from "../http/protocol-error";
import { judgeCredential } from "../verifier/verify";
import type { OAuthClientRecord } from "./clients";
import { refreshRefusal } from "./refresh-family";

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id?: string;
      username?: string;
      sub?: string;
      token_type: string;
      exp?: number;
      iat: number;
      iss: string;
      /** The credential's kind code (pat, at, ak, key, tok, oat, ort) and its hint. */
      keyward_kind: string;
      keyward_hint: string;
    };

const INACTIVE = { active: false } as const;

export interface IntrospectionOptions {
  /**
   * The account API key the resource server received beside the token (TrackVia's user_key
   * header), sent as the user_key form parameter: an auth token is active only with it, as
   * the API accepts it only with it.
   */
  userKey?: string | null;
  now?: number;
}

export async function introspectToken(
  db: Db,
  caller: OAuthClientRecord,
  token: string,
  issuer: string,
  options: IntrospectionOptions = {},
): Promise<IntrospectionResponse> {
  if (!caller.canIntrospect)
    throw oauthError(
      "unauthorized_client",
      "This app is not allowed to introspect tokens; a super admin can register one that is",
      { status: 403 },
    );
  const parsed = parseSecret(token);
  if (parsed.ok && parsed.code === oauthRefreshToken.code)
    return introspectRefreshToken(db, caller, token, issuer, options);
  const judged = await judgeCredential(
    { token, userKey: options.userKey ?? null },
    { now: options.now ?? Date.now(), database: async () => db },
  );
  // Another account's credential is as unknown to this caller as a made-up one.
  if (judged instanceof ProtocolError || judged.record.accountId !== caller.accountId) return INACTIVE;
  const { record, owner, kind } = judged;
  // What RFC 7662 adds to the verifier's answer: when it was issued, and to which app.
  const issued = await db.credential.findUnique({
    where: { id: record.id },
    select: { createdAt: true, oauthClient: { select: { clientId: true } } },
  });
  if (!issued) return INACTIVE;
  const scopes = record.scopes ?? [...scopesOfRole(owner.role)];
  return {
    active: true,
    scope: scopes.join(" "),
    ...(issued.oauthClient ? { client_id: issued.oauthClient.clientId } : {}),
    username: owner.email,
    sub: owner.id,
    token_type: kind.transports.includes("bearer") ? "Bearer" : kind.label,
    ...(record.expiresAt !== null ? { exp: Math.floor(record.expiresAt / 1000) } : {}),
    iat: Math.floor(issued.createdAt.getTime() / 1000),
    iss: issuer,
    keyward_kind: kind.code,
    keyward_hint: record.hint,
  };
}

/**
 * A refresh token is never accepted by the API, so the verifier's decision does not apply: it
 * is active exactly when the refresh grant would exchange it (./refresh-family.ts
 * refreshRefusal), read now rather than through the look-up cache, since every refresh changes
 * it. token_type says what it is (RFC 7662 2.2 leaves the value to the server).
 */
async function introspectRefreshToken(
  db: Db,
  caller: OAuthClientRecord,
  token: string,
  issuer: string,
  options: IntrospectionOptions,
): Promise<IntrospectionResponse> {
  if (options.userKey) return INACTIVE;
  const record = await findBySecret(token, async () => db, false);
  if (!record || record.kind !== oauthRefreshToken.code || record.accountId !== caller.accountId) return INACTIVE;
  const refusal = refreshRefusal(
    {
      status: record.status,
      expiresAt: record.expiresAt,
      rolledAt: record.rolledAt,
      familyEndsAt: null,
      owner: record.owner,
    },
    options.now ?? Date.now(),
  );
  if (refusal !== null || !record.owner) return INACTIVE;
  const issued = await db.credential.findUnique({
    where: { id: record.id },
    select: { createdAt: true, oauthClient: { select: { clientId: true } } },
  });
  if (!issued?.oauthClient) return INACTIVE;
  return {
    active: true,
    scope: (record.scopes ?? []).join(" "),
    client_id: issued.oauthClient.clientId,
    username: record.owner.email,
    sub: record.owner.id,
    token_type: "refresh_token",
    ...(record.expiresAt !== null ? { exp: Math.floor(record.expiresAt / 1000) } : {}),
    iat: Math.floor(issued.createdAt.getTime() / 1000),
    iss: issuer,
    keyward_kind: oauthRefreshToken.code,
    keyward_hint: record.hint,
  };
}

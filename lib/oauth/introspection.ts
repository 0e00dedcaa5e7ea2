// POST /oauth2/introspect (RFC 7662): the company's other services ask whether a Keyward
// credential of any kind is active, and whose it is. The caller is an OAuth app registered
// with "May introspect tokens", and it sees only its own account's credentials. "active"
// is decided by the verifier's own rules (refusalOf), so both always agree.
import { scopesOfRole } from "../api/privileges";
import { parseSecret } from "../credentials/format";
import { digestsEqual, hashSecret } from "../credentials/hash";
import { kindByCode } from "../credentials/kinds";
import type { Db } from "../db";
import { refusalOf } from "../verifier/verify";
import type { OAuthClientRecord } from "./clients";
import { OAuthError } from "./errors";

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
      /** The credential's kind code (pat, at, ak, key, tok, oat) and its hint. */
      keyward_kind: string;
      keyward_hint: string;
    };

const INACTIVE = { active: false } as const;

export async function introspectToken(db: Db, caller: OAuthClientRecord, token: string, issuer: string, now: number = Date.now()): Promise<IntrospectionResponse> {
  if (!caller.canIntrospect) throw new OAuthError("unauthorized_client", "This app is not allowed to introspect tokens; a super admin can register one that is", 403);
  const parsed = parseSecret(token);
  if (!parsed.ok) return INACTIVE;
  const kind = kindByCode(parsed.code);
  // Client secrets and authorization codes are not API credentials: never "active" here.
  if (!kind || kind.notForApi) return INACTIVE;
  const secretHash = hashSecret(token);
  const row = await db.credential.findUnique({
    where: { secretHash },
    select: {
      id: true,
      kind: true,
      accountId: true,
      hint: true,
      status: true,
      expiresAt: true,
      scopes: true,
      secretHash: true,
      createdAt: true,
      oauthClient: { select: { clientId: true } },
      user: { select: { id: true, email: true, name: true, role: true, status: true, isApiUser: true, advertiserId: true, publisherId: true } },
    },
  });
  // Another account's credential is as unknown to this caller as a made-up one.
  if (!row || !digestsEqual(row.secretHash, secretHash) || row.kind !== kind.code || row.accountId !== caller.accountId) return INACTIVE;
  const record = {
    id: row.id,
    kind: row.kind,
    accountId: row.accountId,
    hint: row.hint,
    status: row.status,
    expiresAt: row.expiresAt?.getTime() ?? null,
    scopes: row.scopes ? row.scopes.split(" ").filter(Boolean) : null,
    secretHash: row.secretHash,
    owner: row.user,
  };
  if (refusalOf(record, kind, now)) return INACTIVE;
  const scopes = record.scopes ?? (record.owner ? [...scopesOfRole(record.owner.role)] : []);
  return {
    active: true,
    scope: scopes.join(" "),
    ...(row.oauthClient ? { client_id: row.oauthClient.clientId } : {}),
    ...(record.owner ? { username: record.owner.email, sub: record.owner.id } : {}),
    token_type: kind.transports.includes("bearer") ? "Bearer" : kind.label,
    ...(record.expiresAt !== null ? { exp: Math.floor(record.expiresAt / 1000) } : {}),
    iat: Math.floor(row.createdAt.getTime() / 1000),
    iss: issuer,
    keyward_kind: kind.code,
    keyward_hint: row.hint,
  };
}

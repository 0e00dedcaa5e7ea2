// POST /oauth2/revoke (RFC 7009): an app revokes an access token or a refresh token it was
// issued. A token that is unknown, already revoked or another app's is answered like a revoked
// one (200, nothing changes), so the endpoint tells a caller nothing about tokens that are not
// its own. A refresh token takes its whole family with it (./refresh-family.ts), the access
// tokens refreshed from it included (RFC 7009 2.1 allows it; an app that signs a user out
// wants exactly that).
import { recordAudit, type RequestContext } from "../audit";
import { parseSecret } from "../credentials/format";
import { oauthAccessToken } from "../credentials/kinds/oauth-access-token";
import { oauthRefreshToken } from "../credentials/kinds/oauth-refresh-token";
import { isAllowed, stateAt } from "../credentials/lifecycle";
import { changeCredentials, findBySecret } from "../credentials/store";
import type { Db } from "../db";
import type { OAuthClientRecord } from "./clients";
import { oauthError } from "../http/protocol-error";
import { appActor, auditFamilyRevoked, revokeRefreshFamily } from "./refresh-family";

const REVOCABLE = [oauthAccessToken, oauthRefreshToken] as const;

/** true when this call revoked the token. */
export async function revokeForClient(
  db: Db,
  client: OAuthClientRecord,
  token: string,
  context: RequestContext,
  now: Date = new Date(),
): Promise<boolean> {
  const parsed = parseSecret(token);
  if (!parsed.ok) return false;
  // RFC 7009 2.2.1: other kinds of Keyward credential are not revoked through OAuth.
  const kind = REVOCABLE.find((candidate) => candidate.code === parsed.code);
  if (!kind)
    throw oauthError(
      "unsupported_token_type",
      "Only OAuth access tokens (kw_oat_) and refresh tokens (kw_ort_) are revoked here; other credentials are revoked in Keyward's screens",
    );
  const row = await findBySecret(token, async () => db, false);
  if (!row || row.kind !== kind.code || row.oauthClientId !== client.id) return false;
  const state = stateAt(row.status, row.expiresAt, now.getTime(), row.rolledAt);
  // A used (rotated) refresh token may still be revoked: it names the family the app wants gone.
  if (!isAllowed(kind, "revoke", "oauth_client", state)) return false;
  if (kind === oauthRefreshToken) return revokeFamilyOf(db, client, row, context, now);
  return changeCredentials(db, async (tx) => {
    // Conditional, so two revocations racing record one.
    const changed = await tx.credential.updateMany({
      where: { id: row.id, status: { not: "revoked" } },
      data: { status: "revoked", revokedAt: now },
    });
    if (changed.count === 0) return false;
    await recordAudit(tx, {
      actor: appActor(client),
      action: "oauth.token_revoked",
      target: { type: oauthAccessToken.code, id: row.id, label: row.hint },
      context,
    });
    return true;
  });
}

async function revokeFamilyOf(
  db: Db,
  client: OAuthClientRecord,
  row: { id: string; hint: string },
  context: RequestContext,
  now: Date,
): Promise<boolean> {
  return changeCredentials(db, async (tx) => {
    const stored = await tx.credential.findUnique({ where: { id: row.id }, select: { refreshFamilyId: true } });
    if (!stored?.refreshFamilyId) return false;
    // Conditional (status not revoked), so of two revocations racing one records it.
    const revoked = await revokeRefreshFamily(tx, stored.refreshFamilyId, now);
    if (revoked === 0) return false;
    await auditFamilyRevoked(tx, appActor(client), row, context, { reason: "revoked_by_app", tokensRevoked: revoked });
    return true;
  });
}

// POST /oauth2/revoke (RFC 7009): an app revokes an access token it was issued. A token that
// is unknown, already revoked or another app's is answered like a revoked one (200, nothing
// changes), so the endpoint tells a caller nothing about tokens that are not its own.
import { recordAudit, type RequestContext } from "../audit";
import { parseSecret } from "../credentials/format";
import { oauthAccessToken } from "../credentials/kinds/oauth-access-token";
import { isAllowed, stateAt } from "../credentials/lifecycle";
import { changeCredentials, findBySecret } from "../credentials/store";
import type { Db } from "../db";
import type { OAuthClientRecord } from "./clients";
import { oauthError } from "../http/protocol-error";

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
  if (parsed.code !== oauthAccessToken.code)
    throw oauthError(
      "unsupported_token_type",
      "Only OAuth access tokens (kw_oat_) are revoked here; other credentials are revoked in Keyward's screens",
    );
  const row = await findBySecret(token, async () => db, false);
  if (!row || row.kind !== oauthAccessToken.code || row.oauthClientId !== client.id) return false;
  const state = stateAt(row.status, row.expiresAt, now.getTime(), row.rolledAt);
  if (!isAllowed(oauthAccessToken, "revoke", "oauth_client", state)) return false;
  return changeCredentials(db, async (tx) => {
    // Conditional, so two revocations racing record one.
    const changed = await tx.credential.updateMany({
      where: { id: row.id, status: { not: "revoked" } },
      data: { status: "revoked", revokedAt: now },
    });
    if (changed.count === 0) return false;
    await recordAudit(tx, {
      actor: { id: null, label: `OAuth app ${client.name} (${client.clientId})`, accountId: client.accountId },
      action: "oauth.token_revoked",
      target: { type: oauthAccessToken.code, id: row.id, label: row.hint },
      context,
    });
    return true;
  });
}

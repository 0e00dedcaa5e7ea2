// Authorization codes: issued when a signed-in user allows an app on the consent page,
// exchanged once at the token endpoint with the PKCE code_verifier.
import { recordAudit, type RequestContext } from "../audit";
import type { CurrentUser } from "../auth/current-user";
import { actorOf } from "../credentials/actor";
import { mintSecret } from "../credentials/format";
import { hashSecret } from "../credentials/hash";
import { AUTHORIZATION_CODE_LIFETIME_SECONDS, oauthAuthorizationCode } from "../credentials/kinds/oauth-authorization-code";
import type { Db } from "../db";
import type { AuthorizationRequest } from "./authorization-request";

type Consenting = Pick<CurrentUser, "id" | "email" | "accountId">;

/** Used and expired codes are kept a day (a replay within it still revokes the token), then dropped. */
const KEEP_SPENT_CODES_MS = 86_400_000;

export class ConsentRefused extends Error {
  override name = "ConsentRefused";
}

/** Allow: a new single-use code for the app, bound to its redirect URI, scopes and PKCE challenge. */
export async function issueAuthorizationCode(db: Db, user: Consenting, request: AuthorizationRequest, context: RequestContext, now: Date = new Date()): Promise<string> {
  // An app is its account's: users of other accounts cannot grant it anything.
  if (request.client.accountId !== user.accountId) throw new ConsentRefused(`${request.client.name} is not available to your account.`);
  const code = mintSecret(oauthAuthorizationCode.code);
  await db.$transaction(async (tx) => {
    await tx.oAuthAuthorizationCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - KEEP_SPENT_CODES_MS) } } });
    await tx.oAuthAuthorizationCode.create({
      data: {
        codeHash: hashSecret(code),
        clientId: request.client.id,
        userId: user.id,
        redirectUri: request.redirectUri,
        scopes: request.scopes.join(" "),
        codeChallenge: request.codeChallenge,
        expiresAt: new Date(now.getTime() + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000),
      },
    });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "oauth.authorized",
      target: { type: "oauth_client", id: request.client.id, label: request.client.clientId },
      context,
      details: { name: request.client.name, scopes: request.scopes.join(" ") },
    });
  });
  return code;
}

/** Deny: recorded, so an admin can see who turned which app away. */
export async function recordDenial(db: Db, user: Consenting, request: AuthorizationRequest, context: RequestContext): Promise<void> {
  await recordAudit(db, {
    actor: actorOf(user),
    action: "oauth.denied",
    target: { type: "oauth_client", id: request.client.id, label: request.client.clientId },
    context,
    accountId: user.accountId,
    details: { name: request.client.name, scopes: request.scopes.join(" ") },
  });
}

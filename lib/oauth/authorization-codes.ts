// Authorization codes: issued when a signed-in user allows an app on the consent page,
// exchanged once at the token endpoint with the PKCE code_verifier.
import { actorOf, recordAudit, type RequestContext } from "../audit";
import type { CurrentUser } from "../auth/current-user";
import { mintSecret } from "../credentials/format";
import { hashSecret } from "../credentials/hash";
import {
  AUTHORIZATION_CODE_LIFETIME_SECONDS,
  oauthAuthorizationCode,
} from "../credentials/kinds/oauth-authorization-code";
import type { Db } from "../db";
import type { AuthorizationRequest } from "./authorization-request";
import { rememberConsent } from "./remembered-consent";
import { roleAllows } from "./scope";

type Consenting = Pick<CurrentUser, "id" | "email" | "accountId"> & Partial<Pick<CurrentUser, "signedInAt">>;

/**
 * Used and expired codes are kept a day (a replay within it still revokes the token), then
 * deleted by the retention job (lib/retention/tasks/authorization-codes.ts).
 */
export const KEEP_SPENT_CODES_MS = 86_400_000;

export class ConsentRefused extends Error {
  override name = "ConsentRefused";
}

/**
 * Why this user cannot answer this app at all, or null when they can: an app is its
 * account's, and users of other accounts can neither grant it anything nor turn it away.
 */
export function consentRefusal(
  user: Pick<Consenting, "accountId">,
  request: AuthorizationRequest,
): ConsentRefused | null {
  return request.client.accountId !== user.accountId
    ? new ConsentRefused(`${request.client.name} is not available to your account.`)
    : null;
}

/**
 * Allow: a new single-use code for the app, bound to its redirect URI, scopes and PKCE
 * challenge; the consent is remembered with it (one transaction), so the same request later
 * skips the page. `remembered`: the page was skipped because this consent was given before.
 */
export async function issueAuthorizationCode(
  db: Db,
  user: Consenting,
  request: AuthorizationRequest,
  context: RequestContext,
  now: Date = new Date(),
  options: { remembered?: boolean } = {},
): Promise<string> {
  const refused = consentRefusal(user, request);
  if (refused) throw refused;
  const code = mintSecret(oauthAuthorizationCode.code);
  await db.$transaction(async (tx) => {
    await tx.oAuthAuthorizationCode.create({
      data: {
        codeHash: hashSecret(code),
        clientId: request.client.id,
        userId: user.id,
        redirectUri: request.redirectUri,
        scopes: request.scopes.join(" "),
        codeChallenge: request.codeChallenge,
        // OpenID Connect: repeated in the ID token this code buys (nonce, auth_time).
        nonce: request.nonce,
        authTime: user.signedInAt ?? null,
        expiresAt: new Date(now.getTime() + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000),
      },
    });
    // Remembered is what the user could grant: the role as stored now (not the caller's copy),
    // since a scope the role refuses never reaches a token and so was never allowed.
    const { role } = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true } });
    const allowed = request.scopes.filter((scope) => roleAllows(scope, role));
    if (allowed.length > 0)
      await rememberConsent(tx, {
        accountId: user.accountId,
        userId: user.id,
        clientId: request.client.id,
        scopes: allowed,
      });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "oauth.authorized",
      target: { type: "oauth_client", id: request.client.id, label: request.client.clientId },
      context,
      details: {
        name: request.client.name,
        scopes: request.scopes.join(" "),
        ...(options.remembered ? { remembered: true } : {}),
      },
    });
  });
  return code;
}

/** Deny: recorded, so an admin can see who turned which app away. */
export async function recordDenial(
  db: Db,
  user: Consenting,
  request: AuthorizationRequest,
  context: RequestContext,
): Promise<void> {
  await recordAudit(db, {
    actor: actorOf(user),
    action: "oauth.denied",
    target: { type: "oauth_client", id: request.client.id, label: request.client.clientId },
    context,
    accountId: user.accountId,
    details: { name: request.client.name, scopes: request.scopes.join(" ") },
  });
}

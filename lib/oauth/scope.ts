// The scope parameter (RFC 6749 3.3): space-delimited, each a Keyward scope the client was
// registered with. A token never carries more than its user's role allows either, so the
// granted scope is the request narrowed by the role, and the answer says which it is.
// OpenID Connect's identity scopes (openid, profile, email) are no API privilege: every user may
// be identified to an app they allow, so the role never narrows them, and they need a user who
// signed in (the authorization code grant), so client credentials cannot ask for them.
import { isIdentityScope, isOAuthScope, scopesOfRole, type OAuthScope } from "../access/privileges";
import { splitScopes } from "../credentials/scope-list";
import { oauthError } from "../http/protocol-error";

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The requested scopes, or the client's own when none were asked for (RFC 6749 3.3).
 * `identity: false` (client credentials): identity scopes are refused, and left out of the default.
 */
export function requestedScopes(
  raw: string | null,
  clientScopes: readonly string[],
  options: { identity: boolean } = { identity: true },
): OAuthScope[] {
  if (raw === null || raw.trim() === "")
    return clientScopes.filter(isOAuthScope).filter((scope) => options.identity || !isIdentityScope(scope));
  const asked = [...new Set(splitScopes(raw))];
  for (const scope of asked) {
    if (!SCOPE_TOKEN.test(scope) || !isOAuthScope(scope))
      throw oauthError("invalid_scope", `Unknown scope: ${scope.slice(0, 60)}`);
    if (!clientScopes.includes(scope))
      throw oauthError("invalid_scope", `This app is not registered for the scope ${scope}`);
    if (!options.identity && isIdentityScope(scope))
      throw oauthError("invalid_scope", `${scope} identifies a signed-in user: use the authorization code grant`);
  }
  return asked as OAuthScope[];
}

/** Whether the user's role lets a token carry `scope` (identity scopes: always). */
export function roleAllows(scope: OAuthScope, role: string): boolean {
  return isIdentityScope(scope) || (scopesOfRole(role) as readonly string[]).includes(scope);
}

/** What the user's role allows of `scopes`; refused when nothing is left. */
export function grantedScopes(scopes: readonly OAuthScope[], role: string): OAuthScope[] {
  const granted = scopes.filter((scope) => roleAllows(scope, role));
  if (granted.length === 0) throw oauthError("invalid_scope", "The user's role allows none of the requested scopes");
  return granted;
}

// The scope parameter (RFC 6749 3.3): space-delimited, each a Keyward scope the client was
// registered with. A token never carries more than its user's role allows either, so the
// granted scope is the request narrowed by the role, and the answer says which it is.
import { isScope, scopesOfRole, type Scope } from "../access/privileges";
import { splitScopes } from "../credentials/scope-list";
import { oauthError } from "../http/protocol-error";

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** The requested scopes, or the client's own when none were asked for (RFC 6749 3.3). */
export function requestedScopes(raw: string | null, clientScopes: readonly string[]): Scope[] {
  if (raw === null || raw.trim() === "") return clientScopes.filter(isScope);
  const asked = [...new Set(splitScopes(raw))];
  for (const scope of asked) {
    if (!SCOPE_TOKEN.test(scope) || !isScope(scope))
      throw oauthError("invalid_scope", `Unknown scope: ${scope.slice(0, 60)}`);
    if (!clientScopes.includes(scope))
      throw oauthError("invalid_scope", `This app is not registered for the scope ${scope}`);
  }
  return asked as Scope[];
}

/** What the user's role allows of `scopes`; refused when nothing is left. */
export function grantedScopes(scopes: readonly Scope[], role: string): Scope[] {
  const allowed = scopesOfRole(role);
  const granted = scopes.filter((scope) => allowed.includes(scope));
  if (granted.length === 0) throw oauthError("invalid_scope", "The user's role allows none of the requested scopes");
  return granted;
}

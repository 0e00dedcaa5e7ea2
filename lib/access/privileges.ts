// What an authenticated caller may do: the owner's role decides, the credential's own
// scopes can only narrow it ("inherits the privileges of the user generating it").
import { roleSchema } from "./roles";
import { ROLE_SCOPES, type OAuthScope, type Scope } from "./scope-values";

export * from "./scope-values";

/** What each scope lets a program do, in the words the consent page shows to the user. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "advertisers:read": "See the advertisers you can reach",
  "advertisers:write": "Change the advertisers you can reach",
  "publishers:read": "See the publishers you can reach",
  "publishers:write": "Change the publishers you can reach",
  "users:read": "See the users you can see in Keyward (names, email addresses and roles)",
  "data:read": "See your account's name and how many advertisers and publishers you can reach",
};

/** The consent page's words for every scope an OAuth app may ask, the identity scopes included. */
export const OAUTH_SCOPE_DESCRIPTIONS: Record<OAuthScope, string> = {
  ...SCOPE_DESCRIPTIONS,
  openid: "Sign you in with your Keyward account",
  profile: "See your name",
  email: "See your email address",
};

/** Who acts through a credential: its owner's role, and the credential's own scopes (null: the role's). */
export interface ScopedCaller {
  user: { role: string };
  scopes: readonly string[] | null;
}

/** Whether the caller may use `scope`: its owner's role allows it and its scopes, if any, include it. */
export function hasScope(principal: ScopedCaller, scope: Scope): boolean {
  const role = roleSchema.safeParse(principal.user.role);
  if (!role.success || !ROLE_SCOPES[role.data].includes(scope)) return false;
  if (principal.scopes === null) return true;
  // A write scope includes reading the same thing.
  return (
    principal.scopes.includes(scope) ||
    (scope.endsWith(":read") && principal.scopes.includes(scope.replace(":read", ":write")))
  );
}

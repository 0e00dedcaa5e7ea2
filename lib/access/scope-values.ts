// The API's scopes and what each role may ever use, free of zod so a client component (the
// Permissions section of the credential forms) can import them; privileges.ts re-exports them
// with the server's checks.
import { ROLES, type Role } from "./role-values";

export const SCOPES = [
  "advertisers:read",
  "advertisers:write",
  "publishers:read",
  "publishers:write",
  "users:read",
  "data:read",
] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  super_admin: SCOPES,
  network_user: SCOPES,
  // Read-only: the network manages its advertisers and publishers, they do not (Invoca).
  advertiser_user: ["advertisers:read", "users:read", "data:read"],
  publisher_user: ["publishers:read", "users:read", "data:read"],
};

/** The scopes a user of this role can ever use; an unknown role has none. */
export function scopesOfRole(role: string): readonly Scope[] {
  return (ROLES as readonly string[]).includes(role) ? ROLE_SCOPES[role as Role] : [];
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * OpenID Connect's identity scopes (OIDC Core 5.4): they let an OAuth app learn who the user is
 * (an ID token, UserInfo), never act through the API. They are not API privileges, so no role
 * grants or withholds them and no /v1 route accepts them: a token granted only these reaches
 * UserInfo and nothing else (the verifier finds none of SCOPES among its scopes).
 */
export const IDENTITY_SCOPES = ["openid", "profile", "email"] as const;
export type IdentityScope = (typeof IDENTITY_SCOPES)[number];

/** What an OAuth app may be registered for and ask: the API's scopes and the identity scopes. */
export const OAUTH_SCOPES = [...SCOPES, ...IDENTITY_SCOPES] as const;
export type OAuthScope = Scope | IdentityScope;

export function isIdentityScope(value: string): value is IdentityScope {
  return (IDENTITY_SCOPES as readonly string[]).includes(value);
}

export function isOAuthScope(value: string): value is OAuthScope {
  return isScope(value) || isIdentityScope(value);
}

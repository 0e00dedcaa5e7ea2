// What an authenticated caller may do: the owner's role decides, the credential's own
// scopes can only narrow it ("inherits the privileges of the user generating it").
import { roleSchema, type Role } from "./roles";

export const SCOPES = [
  "advertisers:read",
  "advertisers:write",
  "publishers:read",
  "publishers:write",
  "users:read",
  "data:read",
] as const;
export type Scope = (typeof SCOPES)[number];

/** What each scope lets a program do, in the words the consent page shows to the user. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "advertisers:read": "See the advertisers you can reach",
  "advertisers:write": "Change the advertisers you can reach",
  "publishers:read": "See the publishers you can reach",
  "publishers:write": "Change the publishers you can reach",
  "users:read": "See the users you can see in Keyward (names, email addresses and roles)",
  "data:read": "See your account's name and how many advertisers and publishers you can reach",
};

const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  super_admin: SCOPES,
  network_user: SCOPES,
  // Read-only: the network manages its advertisers and publishers, they do not (Invoca).
  advertiser_user: ["advertisers:read", "users:read", "data:read"],
  publisher_user: ["publishers:read", "users:read", "data:read"],
};

/** The scopes a user of this role can ever use; an unknown role has none. */
export function scopesOfRole(role: string): readonly Scope[] {
  const parsed = roleSchema.safeParse(role);
  return parsed.success ? ROLE_SCOPES[parsed.data] : [];
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

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

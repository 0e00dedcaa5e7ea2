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

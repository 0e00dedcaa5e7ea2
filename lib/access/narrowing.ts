// Fine-grained narrowing of a credential below its owner's privileges (GitHub's fine-grained
// tokens): an access level per resource type, stored as the credential's scopes, and optionally
// only chosen advertisers and publishers, stored as its grant. No narrowing at all (scopes null,
// no grant) is the owner's own privileges. The owner's role caps every narrowing at use time
// (hasScope, reach.ts), so a credential can never do more than its owner. Free of zod: the
// Permissions section of the credential forms imports it.
import { ROLES, type Role } from "./role-values";
import { ROLE_SCOPES, isScope, type Scope } from "./scope-values";

export const RESOURCE_TYPES = ["advertisers", "publishers", "users", "data"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const ACCESS_LEVELS = ["none", "read", "write"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const ACCESS_LEVEL_LABELS: Record<AccessLevel, string> = {
  none: "No access",
  read: "Read-only",
  write: "Read and write",
};

export const RESOURCE_LABELS: Record<ResourceType, string> = {
  advertisers: "Advertisers",
  publishers: "Publishers",
  users: "Users",
  data: "Data",
};

/** The scope each level of a resource type stands for; users and data have no write scope. */
function scopeOf(resource: ResourceType, level: "read" | "write"): Scope | null {
  const scope = `${resource}:${level}`;
  return isScope(scope) ? scope : null;
}

function roleScopes(role: string): readonly Scope[] {
  return (ROLES as readonly string[]).includes(role) ? ROLE_SCOPES[role as Role] : [];
}

/** The levels a credential of an owner with this role may be given for a resource type. */
export function levelsOffered(role: string, resource: ResourceType): AccessLevel[] {
  const allowed = roleScopes(role);
  return ACCESS_LEVELS.filter((level) => {
    if (level === "none") return true;
    const scope = scopeOf(resource, level);
    return scope !== null && allowed.includes(scope);
  });
}

/** The highest level the role allows: what "no narrowing" means for this resource type. */
export function ownerLevel(role: string, resource: ResourceType): AccessLevel {
  return levelsOffered(role, resource).at(-1) ?? "none";
}

/** The scopes one level per resource type stands for (write includes read, as hasScope says). */
export function scopesOfLevels(levels: Partial<Record<ResourceType, AccessLevel>>): Scope[] {
  const scopes: Scope[] = [];
  for (const resource of RESOURCE_TYPES) {
    const level = levels[resource] ?? "none";
    if (level === "none") continue;
    const scope = scopeOf(resource, level);
    if (scope) scopes.push(scope);
  }
  return scopes;
}

/** The level a credential's scopes give a resource type, within its owner's role (as hasScope decides). */
export function levelOf(role: string, scopes: readonly string[] | null, resource: ResourceType): AccessLevel {
  const allowed = roleScopes(role);
  const write = scopeOf(resource, "write");
  const has = (level: "read" | "write") => {
    const scope = scopeOf(resource, level);
    if (scope === null || !allowed.includes(scope)) return false;
    // A stored write scope includes reading the same thing.
    return scopes === null || scopes.includes(scope) || (level === "read" && write !== null && scopes.includes(write));
  };
  if (has("write")) return "write";
  return has("read") ? "read" : "none";
}

export type GrantKind = "advertiser" | "publisher";

/**
 * The advertisers and publishers a credential was confined to, by Keyward's id; null: all its
 * owner reaches. An empty list reaches none (every chosen one was deleted since): never all.
 */
export interface OrganizationGrant {
  advertisers: readonly string[] | null;
  publishers: readonly string[] | null;
}

export const WHOLE_REACH: OrganizationGrant = { advertisers: null, publishers: null };

export function chosenOf(grant: OrganizationGrant | undefined, kind: GrantKind): readonly string[] | null {
  if (!grant) return null;
  return kind === "advertiser" ? grant.advertisers : grant.publishers;
}

export function isConfined(grant: OrganizationGrant | undefined): boolean {
  return grant !== undefined && (grant.advertisers !== null || grant.publishers !== null);
}

/** Whether the grant lets a credential reach this organization (null: none by that key exists). */
export function grantReaches(grant: OrganizationGrant | undefined, kind: GrantKind, id: string | null): boolean {
  const chosen = chosenOf(grant, kind);
  if (chosen === null) return true;
  return id !== null && chosen.includes(id);
}

/**
 * A short line for the credential lists: "Owner's privileges" when nothing is narrowed, else
 * each resource type's level, with how many organizations were chosen, e.g.
 * "advertisers: read (2 chosen), publishers: none, users: read, data: read".
 */
export const OWNER_PRIVILEGES_SUMMARY = "Owner's privileges";

export function narrowingSummary(
  role: string,
  scopes: readonly string[] | null,
  chosenCounts: { advertisers: number | null; publishers: number | null },
): string {
  if (scopes === null && chosenCounts.advertisers === null && chosenCounts.publishers === null)
    return OWNER_PRIVILEGES_SUMMARY;
  return RESOURCE_TYPES.filter((resource) => levelsOffered(role, resource).length > 1)
    .map((resource) => {
      const level = levelOf(role, scopes, resource);
      const count = resource === "advertisers" || resource === "publishers" ? chosenCounts[resource] : null;
      return `${resource}: ${level}${level !== "none" && count !== null ? ` (${count} chosen)` : ""}`;
    })
    .join(", ");
}

/** The Permissions section's form fields (components/credentials/permissions-fieldset.tsx). */
export const NARROW_FIELD = "narrow";
export const levelField = (resource: ResourceType) => `level-${resource}`;
/** "all": every one the owner reaches; "chosen": only those in chosenField. */
export const reachField = (kind: GrantKind) => `reach-${kind}`;
export const chosenField = (kind: GrantKind) => `chosen-${kind}`;
/** Where the server puts a refusal of the narrowing: next to the levels, or next to one kind's choice. */
export const NARROWING_ERROR_FIELDS = ["permissions", "chosenAdvertisers", "chosenPublishers"] as const;
export type NarrowingErrorField = (typeof NARROWING_ERROR_FIELDS)[number];
export const CHOSEN_ERROR_FIELD: Record<GrantKind, NarrowingErrorField> = {
  advertiser: "chosenAdvertisers",
  publisher: "chosenPublishers",
};

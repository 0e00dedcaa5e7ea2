// The roles and statuses of a user, and their labels, free of zod so a client component (the
// New User and Edit User forms) can import them; roles.ts builds its zod enums from these and
// re-exports them. Stored as strings (one schema for SQLite and PostgreSQL); this is the only
// place their values are listed.

export const ROLES = ["super_admin", "network_user", "advertiser_user", "publisher_user"] as const;
export type Role = (typeof ROLES)[number];

export const STATUSES = ["unverified", "active", "disabled"] as const;
export type UserStatus = (typeof STATUSES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  super_admin: "Super admin",
  network_user: "Network user",
  advertiser_user: "Advertiser user",
  publisher_user: "Publisher user",
};

/** The role in a sentence ("signed in as an advertiser user"): the article listed, not guessed. */
export const ROLE_IN_SENTENCE: Record<Role, string> = {
  super_admin: "a super admin",
  network_user: "a network user",
  advertiser_user: "an advertiser user",
  publisher_user: "a publisher user",
};

export const STATUS_LABELS: Record<UserStatus, string> = {
  unverified: "Unverified",
  active: "Active",
  disabled: "Disabled",
};

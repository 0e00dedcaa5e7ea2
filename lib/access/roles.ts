// Roles and statuses of a user. Stored as strings (one schema for SQLite and PostgreSQL);
// these zod enums are the only place their values are listed.
import { z } from "zod";

export const roleSchema = z.enum(["super_admin", "network_user", "advertiser_user", "publisher_user"]);
export type Role = z.infer<typeof roleSchema>;
export const ROLES = roleSchema.options;

export const statusSchema = z.enum(["unverified", "active", "disabled"]);
export type UserStatus = z.infer<typeof statusSchema>;
export const STATUSES = statusSchema.options;

export const ROLE_LABELS: Record<Role, string> = {
  super_admin: "Super admin",
  network_user: "Network user",
  advertiser_user: "Advertiser user",
  publisher_user: "Publisher user",
};

export const STATUS_LABELS: Record<UserStatus, string> = {
  unverified: "Unverified",
  active: "Active",
  disabled: "Disabled",
};

export function parseRole(value: string): Role {
  return roleSchema.parse(value);
}

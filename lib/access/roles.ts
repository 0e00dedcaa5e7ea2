// Roles and statuses of a user as zod enums, for the server's validation. Their values and
// labels are listed in role-values.ts (no zod: zod in a browser bundle probes for eval, which
// the Content-Security-Policy reports), re-exported here so server code keeps one import.
import { z } from "zod";
import { ROLES, STATUSES, type Role } from "./role-values";

export * from "./role-values";

export const roleSchema = z.enum(ROLES);
export const statusSchema = z.enum(STATUSES);

export function parseRole(value: string): Role {
  return roleSchema.parse(value);
}

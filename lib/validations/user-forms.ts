// The zod schemas of the Manage Users forms and of "choose a new password", for FormData as
// the server actions receive it (every value a string, a missing field null). The field
// rules themselves come from lib/validations/user.ts, so forms, domain and API agree.
import { z } from "zod";
import { ROLES, STATUSES } from "../access/roles";
import { emailSchema, newPasswordSchema, userNameSchema, type NewUserInput } from "./user";
import { fieldErrors } from "./form-state";

const roleField = z.enum(ROLES, { error: "Choose a role" });
const statusField = z.enum(STATUSES, { error: "Choose a status" });
/** An empty select is "none". */
const optionalIdField = z
  .string()
  .trim()
  .max(64)
  .nullish()
  .transform((value) => value || undefined);
/** A checkbox is "on" when ticked and absent otherwise. */
const checkboxField = z
  .string()
  .nullish()
  .transform((value) => value === "on");

export const NEW_USER_FIELDS = [
  "email",
  "name",
  "role",
  "advertiserId",
  "publisherId",
  "status",
  "apiUser",
  "password",
] as const;
export type NewUserField = (typeof NEW_USER_FIELDS)[number];

// The password is checked in parseNewUserForm: an API user (no sign-in) has none.
const newUserFormSchema = z.object({
  email: emailSchema,
  name: userNameSchema,
  role: roleField,
  status: statusField,
  password: z.string().nullish(),
  advertiserId: optionalIdField,
  publisherId: optionalIdField,
});

export type ParsedForm<T, F extends string> =
  { success: true; data: T } | { success: false; errors: Partial<Record<F, string[]>> };

/**
 * The New User form. Advertiser is required for advertiser users and ignored for the other
 * roles (the form shows it only for them); Publisher likewise. Checked beside the other
 * fields, so one submit shows every problem at once.
 */
export function parseNewUserForm(fields: Record<NewUserField, string | null>): ParsedForm<NewUserInput, NewUserField> {
  const parsed = newUserFormSchema.safeParse(fields);
  const errors: Partial<Record<NewUserField, string[]>> = parsed.success ? {} : fieldErrors<NewUserField>(parsed.error);
  const advertiserId = fields.advertiserId?.trim() || undefined;
  const publisherId = fields.publisherId?.trim() || undefined;
  if (fields.role === "advertiser_user" && !advertiserId)
    errors.advertiserId = ["Choose the advertiser this user belongs to"];
  if (fields.role === "publisher_user" && !publisherId)
    errors.publisherId = ["Choose the publisher this user belongs to"];
  // An API user (no sign-in) gets no password: whatever the field holds is ignored.
  const apiUser = fields.apiUser === "on";
  if (apiUser) {
    if (fields.status === "unverified")
      errors.status = ['Users in "Unverified" status may not be designated as API Users'];
  } else {
    const password = newPasswordSchema.safeParse(fields.password ?? undefined);
    if (!password.success) errors.password = password.error.issues.map((issue) => issue.message);
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { success: false, errors };
  const { role, password, ...rest } = parsed.data;
  // Checked above: a password that passed newPasswordSchema, or an API user's none.
  return {
    success: true,
    data: {
      ...rest,
      role,
      apiUser,
      password: apiUser ? undefined : (password ?? undefined),
      advertiserId: role === "advertiser_user" ? parsed.data.advertiserId : undefined,
      publisherId: role === "publisher_user" ? parsed.data.publisherId : undefined,
    },
  };
}

export const EDIT_USER_FIELDS = ["name", "role", "status", "isApiUser"] as const;
export type EditUserField = (typeof EDIT_USER_FIELDS)[number];

/** The profile's edit form: Name, Role, Status and "Set As API User". */
export const editUserFormSchema = z.object({
  name: userNameSchema,
  role: roleField,
  status: statusField,
  isApiUser: checkboxField,
});

export const SET_PASSWORD_FIELDS = ["password", "confirmPassword"] as const;
export type SetPasswordField = (typeof SET_PASSWORD_FIELDS)[number];

/** A super admin setting another user's password, typed twice. */
export const setPasswordFormSchema = z
  .object({
    password: newPasswordSchema,
    confirmPassword: z.string({ error: "Type the password again" }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords do not match",
  });

export const CHANGE_PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;
export type ChangePasswordField = (typeof CHANGE_PASSWORD_FIELDS)[number];

/** A signed-in user choosing a new password: the current one, and the new one twice. */
export const changePasswordFormSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(1024),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Type the new password again" }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match",
  })
  .refine((value) => value.newPassword !== value.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one",
  });

import { z } from "zod";
import { singleLineText } from "./text";
import {
  fitsPasswordBytes,
  PASSWORD_MAX_BYTES,
  PASSWORD_TOO_LONG_MESSAGE,
  SIGN_IN_PASSWORD_TOO_LONG_MESSAGE,
} from "./password-limit";
import { roleSchema, statusSchema } from "../access/roles";

/** Emails are compared and stored lower-cased and trimmed. */
export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(254, "An email address has at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address" }));

// The byte limit is bcrypt's (lib/validations/password-limit.ts); these schemas are where it is applied.
export { PASSWORD_MAX_BYTES, PASSWORD_TOO_LONG_MESSAGE, SIGN_IN_PASSWORD_TOO_LONG_MESSAGE, fitsPasswordBytes };

export const newPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(12, "Use at least 12 characters")
  .refine(fitsPasswordBytes, PASSWORD_TOO_LONG_MESSAGE);

export const userNameSchema = singleLineText({ required: "Enter a name", tooLong: "Use at most 100 characters" }, 100);

export const signInSchema = z.object({
  email: emailSchema,
  // The rules for new passwords do not apply to old ones, but bcrypt's byte limit always did.
  password: z
    .string({ error: "Enter your password" })
    .min(1, "Enter your password")
    .refine(fitsPasswordBytes, SIGN_IN_PASSWORD_TOO_LONG_MESSAGE),
});

/** One's own password typed again to confirm who is at the keyboard (revealing the account API Key). */
export const reenteredPasswordSchema = z
  .string({ error: "Enter your password" })
  .min(1, "Enter your password")
  .refine(fitsPasswordBytes, SIGN_IN_PASSWORD_TOO_LONG_MESSAGE);

export const newUserSchema = z
  .object({
    email: emailSchema,
    name: userNameSchema,
    /** None only for an API user, who never signs in (lib/users/create-user.ts stores an unusable hash). */
    password: newPasswordSchema.optional(),
    role: roleSchema,
    status: statusSchema.default("active"),
    advertiserId: z.string().min(1).optional(),
    publisherId: z.string().min(1).optional(),
    /** Made an API user at once (TrackVia's "Set As API User"), with no password to sign in with. */
    apiUser: z.boolean().default(false),
  })
  .refine((user) => user.apiUser || user.password !== undefined, {
    path: ["password"],
    message: "Enter a password",
  })
  // TrackVia: users in "Unverified" status may not be designated as API users.
  .refine((user) => !(user.apiUser && user.status === "unverified"), {
    path: ["status"],
    message: 'Users in "Unverified" status may not be designated as API Users',
  });
export type NewUserInput = z.input<typeof newUserSchema>;

import { z } from "zod";
import { singleLineText } from "./text";
import { roleSchema, statusSchema } from "../auth/roles";

/** Emails are compared and stored lower-cased and trimmed. */
export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(254, "An email address has at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address" }));

export const newPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(12, "Use at least 12 characters")
  .max(128, "Use at most 128 characters");

export const userNameSchema = singleLineText({ required: "Enter a name", tooLong: "Use at most 100 characters" }, 100);

export const signInSchema = z.object({
  email: emailSchema,
  // Any length up to a sane bound: the rules for new passwords do not apply to old ones.
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(1024),
});

export const newUserSchema = z.object({
  email: emailSchema,
  name: userNameSchema,
  password: newPasswordSchema,
  role: roleSchema,
  status: statusSchema.default("active"),
  advertiserId: z.string().min(1).optional(),
  publisherId: z.string().min(1).optional(),
});
export type NewUserInput = z.input<typeof newUserSchema>;

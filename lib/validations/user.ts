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

/**
 * bcrypt reads the first 72 bytes of a password (UTF-8) and silently ignores the rest, so a
 * longer password would be stored as less than what was typed. The limit is in bytes: a
 * letter outside ASCII takes 2 to 4 of them, an emoji 4.
 */
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_TOO_LONG_MESSAGE = `Use at most ${PASSWORD_MAX_BYTES} bytes (UTF-8): letters outside ASCII count 2 to 4 bytes each, emoji 4`;
/** At sign-in: no password Keyward accepts is longer, so a longer one is refused without a check. */
export const SIGN_IN_PASSWORD_TOO_LONG_MESSAGE = `A password has at most ${PASSWORD_MAX_BYTES} bytes (UTF-8), so this one cannot be right`;

const utf8 = new TextEncoder();

export function fitsPasswordBytes(password: string): boolean {
  // Most passwords are short ASCII: no need to encode them to know.
  return password.length * 3 <= PASSWORD_MAX_BYTES || utf8.encode(password).length <= PASSWORD_MAX_BYTES;
}

export const newPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(12, "Use at least 12 characters")
  .refine(fitsPasswordBytes, PASSWORD_TOO_LONG_MESSAGE);

export const userNameSchema = singleLineText({ required: "Enter a name", tooLong: "Use at most 100 characters" }, 100);

export const signInSchema = z.object({
  email: emailSchema,
  // The rules for new passwords do not apply to old ones, but bcrypt's byte limit always did.
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").refine(fitsPasswordBytes, SIGN_IN_PASSWORD_TOO_LONG_MESSAGE),
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

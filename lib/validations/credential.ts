// Schemas shared by the forms, the server actions and lib/credentials.
import { z } from "zod";
import { parseCalendarDay } from "./calendar-day";
import { singleLineText } from "./text";
import { SCOPES } from "../access/privileges";
import { narrowingSchema } from "./narrowing";
import { ROLL_GRACE_HOURS, type RollGraceHours } from "./roll-grace";

/** The Invoca "Description" of a new API credential. */
export const credentialDescriptionSchema = singleLineText(
  { required: "Enter a description", tooLong: "Use at most 200 characters" },
  200,
);

/** A form submission's id (a UUID made when the form is shown): a repeated submit is one create. */
export const requestIdSchema = z.uuid({ error: "This form has expired; reload the page" }).optional();

export const newPersonalCredentialSchema = z.object({
  description: credentialDescriptionSchema,
  expirationDate: z.lazy(() => optionalExpirationDateSchema),
  requestId: requestIdSchema,
  /** Never sent by Keyward's own form; present only in a crafted request (refused). */
  userId: z.string().min(1).max(100).optional(),
  /** The optional Permissions section (lib/credentials/narrowing.ts); absent: the owner's privileges. */
  narrowing: narrowingSchema,
});
export type NewPersonalCredentialInput = z.input<typeof newPersonalCredentialSchema>;

/** "YYYY-MM-DD": the day at whose start (00:00 UTC) an auth token expires. */
export const expirationDateSchema = z
  .string({ error: "Choose an expiration date" })
  .trim()
  .min(1, { error: "Choose an expiration date", abort: true })
  .transform((value, ctx) => {
    const day = parseCalendarDay(value);
    if (day instanceof Date) return day;
    ctx.addIssue({
      code: "custom",
      message: day === "format" ? "Use the format YYYY-MM-DD" : "This date does not exist",
    });
    return z.NEVER;
  });

export const newAuthTokenSchema = z.object({
  name: singleLineText({ required: "Enter a name", tooLong: "Use at most 100 characters" }, 100),
  apiUserId: z.string({ error: "Choose an API user" }).trim().min(1, "Choose an API user").max(100),
  expirationDate: expirationDateSchema,
  requestId: requestIdSchema,
  /** The optional Permissions section, checked against the chosen API user. */
  narrowing: narrowingSchema,
});
export type NewAuthTokenInput = z.input<typeof newAuthTokenSchema>;

export const credentialIdSchema = z.string().trim().min(1).max(100);

/** An optional Expiration Date: empty means the credential never expires. */
export const optionalExpirationDateSchema = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const parsed = expirationDateSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  });

/**
 * The scopes an API key is narrowed to: a subset of the API's scopes, in their canonical
 * order, no repeats. Empty (or absent) means the owner's own privileges.
 */
export const apiKeyScopesSchema = z
  .array(z.enum(SCOPES, { error: "Choose only the listed scopes" }), { error: "Choose only the listed scopes" })
  .optional()
  .transform((scopes) => SCOPES.filter((scope) => scopes?.includes(scope)));

export const newApiKeySchema = z.object({
  name: singleLineText({ required: "Enter a name", tooLong: "Use at most 100 characters" }, 100),
  userId: z.string({ error: "Choose a user" }).trim().min(1, "Choose a user").max(100),
  scopes: apiKeyScopesSchema,
  expirationDate: optionalExpirationDateSchema,
  requestId: requestIdSchema,
});
/** Scopes arrive as plain strings (form fields, API bodies) and are checked by the schema. */
export type NewApiKeyInput = Omit<z.input<typeof newApiKeySchema>, "scopes"> & { scopes?: string[] };

/** How long a rolled key keeps working, in hours; an empty choice is an error, never "None". */
export const rollGraceHoursSchema = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
  z
    .number({ error: "Choose a grace period" })
    .refine(
      (hours): hours is RollGraceHours => (ROLL_GRACE_HOURS as readonly number[]).includes(hours),
      "Choose a grace period",
    ),
);

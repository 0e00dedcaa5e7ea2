// What every server action answers a form with (the next-learn shape): the errors of each
// field, one message for the whole form, the values to show again so nothing typed is lost,
// and on success what the form shows next (a secret shown once, say). Passwords are never
// among the values sent back.
import { z } from "zod";

export interface FormState<F extends string = string, R = never> {
  /** Set when the action did what was asked (a confirm dialog closes on it). */
  ok?: boolean;
  message?: string | null;
  errors?: Partial<Record<F, string[]>>;
  values?: Partial<Record<F, string>>;
  /** What a successful action hands the form to show (a created credential, its secret). */
  result?: R;
}

/** The named fields of a form submission, as strings (a missing field is null). */
export function formFields<F extends string>(formData: FormData, fields: readonly F[]): Record<F, string | null> {
  const out = {} as Record<F, string | null>;
  for (const field of fields) {
    const value = formData.get(field);
    out[field] = typeof value === "string" ? value : null;
  }
  return out;
}

/** The values to echo back after a failed submit: every field except the secret ones. */
export function echoValues<F extends string>(
  fields: Record<F, string | null>,
  secret: readonly NoInfer<F>[] = [],
): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const [field, value] of Object.entries(fields) as [F, string | null][]) {
    if (value !== null && !secret.includes(field)) out[field] = value;
  }
  return out;
}

/** zod's per-field messages, keyed by the form's field names. */
export function fieldErrors<F extends string>(error: z.ZodError): Partial<Record<F, string[]>> {
  return z.flattenError(error).fieldErrors as Partial<Record<F, string[]>>;
}

export const CHECK_FIELDS_MESSAGE = "Some fields need attention. Check the messages next to them.";

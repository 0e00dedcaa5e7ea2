// Names and descriptions people type: one line of visible text. Control characters (NUL
// among them, which PostgreSQL cannot even store in a text column), line and paragraph
// separators, and the bidirectional overrides that make a name read differently from what it
// is ("Trojan Source") are refused with a clear message instead of reaching a screen or a log.
import { z } from "zod";

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const PLAIN_TEXT_MESSAGE = "Use visible characters only (no control characters or line breaks)";

export function isPlainText(value: string): boolean {
  return !INVISIBLE.test(value);
}

/** Trimmed, 1 to `max` characters, plain text. */
export function singleLineText(messages: { required: string; tooLong: string; invalid?: string; notText?: string }, max: number) {
  return z
    .string({ error: messages.notText ?? messages.required })
    .trim()
    .min(1, messages.required)
    .max(max, messages.tooLong)
    .refine(isPlainText, messages.invalid ?? PLAIN_TEXT_MESSAGE);
}

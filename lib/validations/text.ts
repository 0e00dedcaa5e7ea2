// Names and descriptions people type: one line of visible text. Control characters (NUL
// among them, which PostgreSQL cannot even store in a text column), line and paragraph
// separators, and the bidirectional overrides that make a name read differently from what it
// is ("Trojan Source") are refused with a clear message instead of reaching a screen or a log.
// So are unpaired UTF-16 surrogates (a JSON "\ud800" escape): no database can store one, and
// the drivers would silently write U+FFFD instead (three of them on SQLite, one on PostgreSQL).
import { z } from "zod";

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// With the u flag a surrogate pair is one code point, so \p{Cs} matches only unpaired halves.
const LONE_SURROGATE = /\p{Cs}/u;

export const PLAIN_TEXT_MESSAGE = "Use visible characters only (no control characters or line breaks)";
export const MALFORMED_TEXT_MESSAGE = "Contains a broken character (half of an emoji or other symbol); type it again";

export function isPlainText(value: string): boolean {
  return !INVISIBLE.test(value);
}

/** False for a string that cannot be written as UTF-8: it holds an unpaired surrogate. */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** Trimmed, 1 to `max` characters, plain text, well-formed Unicode. */
export function singleLineText(
  messages: {
    required: string;
    tooLong: string;
    invalid?: string;
    notText?: string;
    malformed?: string;
    /** When the field is absent altogether (a JSON body without it); `notText` otherwise. */
    missing?: string;
  },
  max: number,
) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? (messages.missing ?? messages.notText ?? messages.required)
          : (messages.notText ?? messages.required),
    })
    .trim()
    .min(1, messages.required)
    .max(max, messages.tooLong)
    .refine(isWellFormedText, { message: messages.malformed ?? MALFORMED_TEXT_MESSAGE, abort: true })
    .refine(isPlainText, messages.invalid ?? PLAIN_TEXT_MESSAGE);
}

// Property-based proof of the name validators and the password rules: whatever string
// arrives, safeParse answers (never throws), and what it accepts is text every database
// stores unchanged and every screen shows as typed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { organizationBodySchema } from "./organization";
import { credentialDescriptionSchema } from "./credential";
import { MALFORMED_TEXT_MESSAGE, PLAIN_TEXT_MESSAGE, singleLineText } from "./text";
import {
  newPasswordSchema,
  PASSWORD_MAX_BYTES,
  PASSWORD_TOO_LONG_MESSAGE,
  SIGN_IN_PASSWORD_TOO_LONG_MESSAGE,
  signInSchema,
  userNameSchema,
} from "./user";

const RUNS = { numRuns: 10_000 };

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const invisible = fc.constantFrom(
  "\u0000",
  "\t",
  "\n",
  "\r",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009f",
  "\u2028",
  "\u2029",
  "\u202a",
  "\u202e",
  "\u2066",
  "\u2069",
);
/** Mostly ordinary text, with every kind of trouble mixed in now and then. */
const anyText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(" ", "a", "é", "数", "📈", "👩🏽‍💻") },
    { weight: 1, arbitrary: loneSurrogate },
    { weight: 1, arbitrary: invisible },
    { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 130,
});

const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const utf8Bytes = (value: string) => Buffer.byteLength(value, "utf8");
/** What a database driver does on the way in: encode as UTF-8 (lone surrogates become U+FFFD). */
const throughUtf8 = (value: string) => Buffer.from(value, "utf8").toString("utf8");

describe("name validators (property-based)", () => {
  const messages = { required: "required", tooLong: "too long", notText: "not text" };
  const schema = singleLineText(messages, 100);
  const declared = new Set([
    messages.required,
    messages.tooLong,
    messages.notText,
    PLAIN_TEXT_MESSAGE,
    MALFORMED_TEXT_MESSAGE,
  ]);

  it("accept only trimmed, visible, well-formed text that survives UTF-8 unchanged; refuse the rest with a declared message", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const result = schema.safeParse(value);
        if (result.success) {
          const name = result.data;
          expect(name).toBe(value.trim());
          // zod counts lengths in code points, as a person would count characters.
          expect([...name].length).toBeGreaterThanOrEqual(1);
          expect([...name].length).toBeLessThanOrEqual(100);
          expect(CONTROL_OR_BIDI.test(name)).toBe(false);
          expect(/\p{Cs}/u.test(name)).toBe(false);
          // The property that matters: what is stored is what was typed, on any database.
          expect(throughUtf8(name)).toBe(name);
        } else {
          for (const issue of result.error.issues) expect(declared).toContain(issue.message);
        }
        // The decision depends on the characters alone: a lone surrogate, a control or bidi
        // character, or an empty or overlong name is refused; nothing else is.
        const trimmed = value.trim();
        const characters = [...trimmed].length;
        const refusable =
          characters === 0 || characters > 100 || CONTROL_OR_BIDI.test(trimmed) || throughUtf8(trimmed) !== trimmed;
        expect(result.success).toBe(!refusable);
      }),
      RUNS,
    );
  });

  it("never throw on any input at all, for every name field of the app", () => {
    const anything = fc.oneof(anyText, fc.anything());
    fc.assert(
      fc.property(anything, (value) => {
        for (const parsed of [
          userNameSchema.safeParse(value),
          credentialDescriptionSchema.safeParse(value),
          organizationBodySchema.safeParse({ name: value }),
        ]) {
          if (parsed.success) {
            // name is required: { name: undefined } is refused, and there is nothing to check.
            const name = typeof parsed.data === "string" ? parsed.data : (parsed.data as { name?: string }).name;
            if (name === undefined) continue;
            expect(throughUtf8(name)).toBe(name);
            expect(CONTROL_OR_BIDI.test(name)).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });
});

describe("password rules (property-based)", () => {
  const password = fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.constantFrom("é", "€", "数", "😀") },
      { weight: 1, arbitrary: loneSurrogate },
    ),
    maxLength: 100,
  });

  it("a new password over 72 bytes is always refused with the byte limit named, and only such a password", () => {
    fc.assert(
      fc.property(password, (value) => {
        const result = newPasswordSchema.safeParse(value);
        const messages = result.success ? [] : result.error.issues.map((issue) => issue.message);
        expect(messages.includes(PASSWORD_TOO_LONG_MESSAGE)).toBe(utf8Bytes(value) > PASSWORD_MAX_BYTES);
        if (result.success) expect(utf8Bytes(result.data)).toBeLessThanOrEqual(PASSWORD_MAX_BYTES);
      }),
      RUNS,
    );
  });

  it("a sign-in password over 72 bytes is refused with its own message, whatever the email", () => {
    fc.assert(
      fc.property(password, fc.oneof(fc.constant("a@b.test"), fc.string()), (value, email) => {
        const result = signInSchema.safeParse({ email, password: value });
        const tooLong = utf8Bytes(value) > PASSWORD_MAX_BYTES;
        const messages = result.success ? [] : result.error.issues.map((issue) => issue.message);
        expect(messages.includes(SIGN_IN_PASSWORD_TOO_LONG_MESSAGE)).toBe(tooLong);
        if (result.success) expect(utf8Bytes(result.data.password)).toBeLessThanOrEqual(PASSWORD_MAX_BYTES);
      }),
      RUNS,
    );
  });
});

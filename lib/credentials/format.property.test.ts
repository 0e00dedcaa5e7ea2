// Property-based proof of the secret parser: every minted secret parses back to its kind;
// any single-character change, deletion or insertion is refused by the checksum or the
// pattern (CRC-32 catches every burst of up to 32 bits, and six base62 digits hold every
// CRC-32 value, so no one-character slip gets through); arbitrary text never throws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BODY_LENGTH, CHECKSUM_LENGTH, hintOf, mintSecret, parseSecret } from "./format";

const RUNS = { numRuns: 10_000 };
const SHAPE = /^kw_[a-z]{2,5}_[0-9A-Za-z]{38}$/;
const code = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 2, maxLength: 5 });
/** A replacement character: mostly ones the pattern allows, so the checksum has to do the work. */
const replacement = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(" ", "\u0000", "é", "\ud800", "-") },
);

describe("parseSecret (property-based)", () => {
  it("parses every minted secret back to its kind", () => {
    fc.assert(
      fc.property(code, (kind) => {
        const secret = mintSecret(kind);
        expect(secret).toHaveLength(`kw_${kind}_`.length + BODY_LENGTH + CHECKSUM_LENGTH);
        expect(parseSecret(secret)).toEqual({ ok: true, code: kind });
      }),
      RUNS,
    );
  });

  it("refuses any single-character change of a valid secret", () => {
    fc.assert(
      fc.property(code, fc.nat(), replacement, (kind, at, next) => {
        const secret = mintSecret(kind);
        const index = at % secret.length;
        fc.pre(secret[index] !== next);
        const changed = secret.slice(0, index) + next + secret.slice(index + 1);
        expect(parseSecret(changed).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it("refuses any secret with one character deleted or inserted, even where the prefix would still fit", () => {
    fc.assert(
      fc.property(code, fc.nat(), replacement, fc.boolean(), (kind, at, extra, insert) => {
        const secret = mintSecret(kind);
        const index = at % (secret.length + (insert ? 1 : 0));
        const changed = insert
          ? secret.slice(0, index) + extra + secret.slice(index)
          : secret.slice(0, index) + secret.slice(index + 1);
        expect(parseSecret(changed).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it("answers any text with ok and a kind, or a declared reason, and only accepts the secret shape", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 60 }),
      fc
        .tuple(
          code,
          fc.string({
            unit: fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            minLength: 36,
            maxLength: 40,
          }),
        )
        .map(([kind, rest]) => `kw_${kind}_${rest}`),
    );
    fc.assert(
      fc.property(text, (candidate) => {
        const parsed = parseSecret(candidate);
        if (parsed.ok) {
          expect(candidate).toMatch(SHAPE);
          expect(candidate.startsWith(`kw_${parsed.code}_`)).toBe(true);
        } else {
          expect(["malformed", "checksum"]).toContain(parsed.reason);
          if (parsed.reason === "checksum") expect(candidate).toMatch(SHAPE);
        }
        // The hint never shows more of the secret than its last four characters.
        const hint = hintOf(candidate);
        expect(hint.endsWith(candidate.slice(-4))).toBe(true);
        expect(hint.length).toBeLessThanOrEqual("kw_abcde_…".length + 4);
      }),
      RUNS,
    );
  });
});

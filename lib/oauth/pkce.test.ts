import { describe, expect, it } from "vitest";
import { CODE_CHALLENGE_PATTERN, CODE_VERIFIER_PATTERN, s256Challenge, verifierMatches } from "./pkce";

// RFC 7636 Appendix B.
const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

describe("PKCE S256 (RFC 7636)", () => {
  it("computes the challenge of RFC 7636's example and accepts its verifier", () => {
    expect(s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
    expect(verifierMatches(RFC_VERIFIER, RFC_CHALLENGE)).toBe(true);
  });

  it("refuses a verifier that does not answer the challenge", () => {
    expect(verifierMatches(RFC_VERIFIER.slice(0, -1) + "l", RFC_CHALLENGE)).toBe(false);
    expect(verifierMatches(RFC_VERIFIER, RFC_CHALLENGE.slice(0, -1) + "d")).toBe(false);
    // The challenge is compared, not recomputed from itself.
    expect(verifierMatches(RFC_CHALLENGE, RFC_CHALLENGE)).toBe(false);
  });

  it("takes verifiers of 43 to 128 unreserved characters only (RFC 7636 4.1)", () => {
    const ofLength = (length: number) => UNRESERVED.repeat(2).slice(0, length);
    for (const length of [43, 44, 127, 128]) {
      const verifier = ofLength(length);
      expect(CODE_VERIFIER_PATTERN.test(verifier), `length ${length}`).toBe(true);
      expect(verifierMatches(verifier, s256Challenge(verifier)), `length ${length}`).toBe(true);
    }
    for (const length of [0, 42, 129, 200]) {
      const verifier = ofLength(length);
      expect(CODE_VERIFIER_PATTERN.test(verifier), `length ${length}`).toBe(false);
      // Even with its own correct challenge: the verifier's form is part of the check.
      expect(verifierMatches(verifier, s256Challenge(verifier)), `length ${length}`).toBe(false);
    }
    for (const char of UNRESERVED) {
      const verifier = RFC_VERIFIER.slice(0, -1) + char;
      expect(verifierMatches(verifier, s256Challenge(verifier)), char).toBe(true);
    }
    for (const char of ["+", "/", "=", " ", "%", "!", "é", "\n"]) {
      const verifier = RFC_VERIFIER.slice(0, -1) + char;
      expect(CODE_VERIFIER_PATTERN.test(verifier), char).toBe(false);
      expect(verifierMatches(verifier, s256Challenge(verifier)), char).toBe(false);
      expect(CODE_VERIFIER_PATTERN.test(char + RFC_VERIFIER), char).toBe(false);
      expect(CODE_VERIFIER_PATTERN.test(RFC_VERIFIER + char), char).toBe(false);
    }
  });

  it("takes S256 challenges of exactly 43 base64url characters, unpadded", () => {
    expect(CODE_CHALLENGE_PATTERN.test(RFC_CHALLENGE)).toBe(true);
    for (const char of "AZaz09-_")
      expect(CODE_CHALLENGE_PATTERN.test(RFC_CHALLENGE.slice(0, -1) + char), char).toBe(true);
    for (const challenge of [
      RFC_CHALLENGE.slice(0, -1),
      RFC_CHALLENGE + "A",
      RFC_CHALLENGE + "=",
      RFC_CHALLENGE.slice(0, -1) + "+",
      RFC_CHALLENGE.slice(0, -1) + "/",
      RFC_CHALLENGE.slice(0, -1) + ".",
      "+" + RFC_CHALLENGE,
      "",
    ]) {
      expect(CODE_CHALLENGE_PATTERN.test(challenge), challenge).toBe(false);
      expect(verifierMatches(RFC_VERIFIER, challenge), challenge).toBe(false);
    }
    // A standard-base64 challenge of the right digest is still refused: S256 is base64url.
    const standard = RFC_CHALLENGE.replace("-", "+");
    expect(verifierMatches(RFC_VERIFIER, standard)).toBe(false);
  });
});

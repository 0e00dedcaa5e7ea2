// PKCE (RFC 7636), S256 only: "plain" would hand the verifier to anyone who sees the
// authorization request, which is what PKCE is there to prevent (RFC 9700 2.1.1).
import { createHash, timingSafeEqual } from "node:crypto";

/** code_verifier: 43 to 128 unreserved characters (RFC 7636 4.1). */
export const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
/** code_challenge for S256: BASE64URL of a SHA-256 digest, 43 characters without padding. */
export const CODE_CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function s256Challenge(verifier: string): string {
  // Stryker disable next-line StringLiteral: verifiers are ASCII (CODE_VERIFIER_PATTERN), so any encoding reads them alike
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** Whether `verifier` answers `challenge`, compared in constant time. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!CODE_VERIFIER_PATTERN.test(verifier) || !CODE_CHALLENGE_PATTERN.test(challenge)) return false;
  const computed = Buffer.from(s256Challenge(verifier));
  const expected = Buffer.from(challenge);
  // Stryker disable next-line ConditionalExpression: both are 43 ASCII characters once the patterns passed; the length check only keeps timingSafeEqual from throwing
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

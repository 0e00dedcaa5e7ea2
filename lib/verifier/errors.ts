// RFC 6750 §3.1 errors as data: what the verifier answers, and how it goes on the wire.
export type BearerErrorCode = "invalid_request" | "invalid_token" | "insufficient_scope";

export class VerificationError extends Error {
  override name = "VerificationError";
  constructor(
    /** null: no credential was sent at all (RFC 6750 §3.1: no error attribute then). */
    readonly code: BearerErrorCode | null,
    readonly description: string,
    readonly scope?: string,
  ) {
    super(description);
  }

  get status(): number {
    return this.code === "invalid_request" ? 400 : this.code === "insufficient_scope" ? 403 : 401;
  }
}

export const missing = () => new VerificationError(null, "No credential was sent. Send it as described in the API documentation.");
export const invalidRequest = (description: string) => new VerificationError("invalid_request", description);
export const invalidToken = (description: string) => new VerificationError("invalid_token", description);
export const insufficientScope = (description: string, scope?: string) => new VerificationError("insufficient_scope", description, scope);

/** The WWW-Authenticate header value; quotes and backslashes cannot appear in our texts. */
export function wwwAuthenticate(error: VerificationError): string {
  const parts = ['realm="keyward"'];
  if (error.code) {
    parts.push(`error="${error.code}"`, `error_description="${error.description.replace(/["\\]/g, "'")}"`);
    if (error.scope) parts.push(`scope="${error.scope}"`);
  }
  return `Bearer ${parts.join(", ")}`;
}

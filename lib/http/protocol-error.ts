// Every refusal Keyward answers over HTTP, as data: a status, the RFC error code, a description
// and the headers the RFC asks for (a challenge, Retry-After). Thrown (or returned) anywhere
// below the route handlers and turned into the one JSON answer by ./respond.ts. Imports nothing
// from the rest of lib/, so the verifier, the OAuth server and the API can all speak it.
export class ProtocolError extends Error {
  override name = "ProtocolError";
  constructor(
    readonly status: number,
    /**
     * The RFC error code. null only when no credential was sent at all: RFC 6750 §3.1 says the
     * challenge names no error then (the JSON body says "unauthorized").
     */
    readonly code: string | null,
    readonly description: string,
    options: {
      challenge?: string;
      retryAfterSeconds?: number;
      headers?: Record<string, string>;
      refused?: { credentialId: string; reason: string };
    } = {},
  ) {
    super(description);
    this.challenge = options.challenge;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers;
    this.refused = options.refused;
  }

  /** The WWW-Authenticate value: how to authenticate, for a 401 (and the API's bearer 400/403). */
  readonly challenge: string | undefined;
  /** Seconds until a refused client may try again (429s). */
  readonly retryAfterSeconds: number | undefined;
  /** More header fields the answer carries (the rate-limit fields of lib/rate-limits/headers.ts). */
  readonly headers: Record<string, string> | undefined;
  /**
   * A known credential refused after it was found (a rate limit: "rate_limited"; an IP allowlist: "ip"), for the
   * usage recorder to count against it; undefined for every other refusal.
   */
  readonly refused: { credentialId: string; reason: string } | undefined;
}

/** The same refusal with more header fields (a scope refusal keeps the rate-limit fields). */
export function withHeaders(error: ProtocolError, headers: Record<string, string>): ProtocolError {
  if (Object.keys(headers).length === 0) return error;
  return new ProtocolError(error.status, error.code, error.description, {
    challenge: error.challenge,
    retryAfterSeconds: error.retryAfterSeconds,
    headers: { ...error.headers, ...headers },
    refused: error.refused,
  });
}

// The API's own refusals (resources, versions, request bodies): no challenge, the credential was fine.
export const badRequest = (description: string) => new ProtocolError(400, "invalid_request", description);
export const notFound = (description: string) => new ProtocolError(404, "not_found", description);
/** The request is well-formed but the resource's state refuses it (a name in use, dependents left). */
export const conflict = (description: string) => new ProtocolError(409, "conflict", description);
/**
 * The verifier's refusal of a credential used from outside its IP allowlist. Names the reason,
 * never the list nor the address (the caller knows where it is; an attacker learns nothing).
 */
export const ipNotAllowed = (credentialId: string) =>
  new ProtocolError(403, "ip_not_allowed", "This credential may not be used from this IP address (IP allowlist)", {
    refused: { credentialId, reason: "ip" },
  });
export const serverError = () => new ProtocolError(500, "server_error", "Keyward could not complete the request");

// RFC 6750 §3.1: the verifier's refusals of an API credential. Every one carries the Bearer
// challenge, the 400 and 403 too.
export type BearerErrorCode = "invalid_request" | "invalid_token" | "insufficient_scope";

/** Quotes and backslashes cannot appear in our texts; replaced so a quoted-string stays one. */
const quoted = (text: string) => `"${text.replace(/["\\]/g, "'")}"`;

function bearerError(code: BearerErrorCode | null, description: string, scope?: string): ProtocolError {
  const parts = ['realm="keyward"'];
  if (code) {
    parts.push(`error="${code}"`, `error_description=${quoted(description)}`);
    if (scope) parts.push(`scope="${scope}"`);
  }
  const status = code === "invalid_request" ? 400 : code === "insufficient_scope" ? 403 : 401;
  return new ProtocolError(status, code, description, { challenge: `Bearer ${parts.join(", ")}` });
}

export const missing = () =>
  bearerError(null, "No credential was sent. Send it as described in the API documentation.");
export const invalidRequest = (description: string) => bearerError("invalid_request", description);
export const invalidToken = (description: string) => bearerError("invalid_token", description);
export const insufficientScope = (description: string, scope?: string) =>
  bearerError("insufficient_scope", description, scope);

// RFC 6749 5.2: the token, revocation and introspection endpoints' refusals.
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "unsupported_token_type"
  | "server_error"
  /** RFC 6749 4.1.2.1's code for "try later"; sent with 429 and Retry-After (issuance limits). */
  | "temporarily_unavailable"
  /** RFC 8628 3.5: the device flow's answers while the user has not allowed the app (yet). */
  | "authorization_pending"
  | "slow_down"
  | "access_denied"
  | "expired_token";

/** The client authenticates with HTTP Basic or in the body: invalid_client challenges for Basic. */
const CLIENT_CHALLENGE = 'Basic realm="keyward", charset="UTF-8"';

/** 400 unless the code says otherwise (invalid_client 401, server_error 500) or a status is given (403, 413, 429). */
export function oauthError(
  code: OAuthErrorCode,
  description: string,
  options: { status?: number; retryAfterSeconds?: number } = {},
): ProtocolError {
  const status = options.status ?? (code === "invalid_client" ? 401 : code === "server_error" ? 500 : 400);
  return new ProtocolError(status, code, description, {
    challenge: code === "invalid_client" ? CLIENT_CHALLENGE : undefined,
    retryAfterSeconds: options.retryAfterSeconds,
  });
}

// RFC 6749 5.2 error answers of the token, revocation and introspection endpoints: JSON
// {"error", "error_description"}, never cached; invalid_client is a 401 with a Basic challenge
// (the client authenticates with HTTP Basic or in the body).
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
  | "temporarily_unavailable";

export class OAuthError extends Error {
  override name = "OAuthError";
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    private readonly statusOverride?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
  }

  get status(): number {
    if (this.statusOverride) return this.statusOverride;
    if (this.code === "invalid_client") return 401;
    if (this.code === "server_error") return 500;
    return 400;
  }
}

/** RFC 6749 5.1: answers that carry or judge a secret are never stored by a cache. */
export const NO_STORE_HEADERS = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export function oauthJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...NO_STORE_HEADERS, ...headers } });
}

export function oauthErrorResponse(error: OAuthError): Response {
  const headers: Record<string, string> = error.code === "invalid_client" ? { "WWW-Authenticate": 'Basic realm="keyward", charset="UTF-8"' } : {};
  if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
  return oauthJson({ error: error.code, error_description: error.description }, error.status, headers);
}

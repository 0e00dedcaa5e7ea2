// The route handlers of /oauth2/token, /oauth2/revoke and /oauth2/introspect, over lib/oauth:
// each reads a form body (RFC 6749 3.2: application/x-www-form-urlencoded), authenticates the
// client, and answers JSON that is never cached. The token and revocation endpoints answer
// CORS for public clients (./cors.ts). A request body is never logged: it holds
// the client secret and the token or code.
import { BodyTooLargeError, FORM_BODY_LIMIT_BYTES, readLimitedText } from "../api/body";
import { requestContextFrom } from "../auth/request-context";
import { db } from "../db";
import { authenticateClient } from "./client-auth";
import type { OAuthClientRecord } from "./clients";
import { corsHeadersFor, preflightResponse } from "./cors";
import { NO_STORE_HEADERS, OAuthError, oauthErrorResponse, oauthJson } from "./errors";
import { authorizationCodeGrant, clientCredentialsGrant, singleParameter } from "./grants";
import { introspectToken } from "./introspection";
import { issuerForRequest } from "./issuer";
import { revokeForClient } from "./revocation";

async function readForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new OAuthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded");
  // Parameters in the URL would land in access logs (RFC 6749 3.2: the token endpoint takes POST bodies).
  if (new URL(request.url).search !== "") throw new OAuthError("invalid_request", "Send the parameters in the body, not in the URL");
  try {
    return new URLSearchParams(await readLimitedText(request, FORM_BODY_LIMIT_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new OAuthError("invalid_request", error.message, 413);
    throw error;
  }
}

/** What a handler learns while it runs that shapes its answer, success or error. */
interface Exchange {
  /** The authenticated client: a public client's answers carry CORS headers (./cors.ts). */
  client: OAuthClientRecord | null;
}

function handled(name: string, run: (request: Request, exchange: Exchange) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const exchange: Exchange = { client: null };
    let response: Response;
    try {
      response = await run(request, exchange);
    } catch (error) {
      if (error instanceof OAuthError) response = oauthErrorResponse(error);
      else {
        console.error(`Keyward ${name} error: ${(error as Error).message}`);
        response = oauthErrorResponse(new OAuthError("server_error", "Keyward could not complete the request"));
      }
    }
    for (const [header, value] of Object.entries(corsHeadersFor(exchange.client))) response.headers.set(header, value);
    return response;
  };
}

export const handleTokenRequest = handled("/oauth2/token", async (request, exchange) => {
  const form = await readForm(request);
  const client = (exchange.client = await authenticateClient(request.headers, form));
  const grantType = singleParameter(form, "grant_type");
  if (!grantType) throw new OAuthError("invalid_request", "grant_type is required");
  const context = requestContextFrom(request.headers);
  const database = await db();
  if (grantType === "client_credentials") return oauthJson(await clientCredentialsGrant(database, client, form, context));
  if (grantType === "authorization_code") return oauthJson(await authorizationCodeGrant(database, client, form, context));
  throw new OAuthError("unsupported_grant_type", "Supported grant types: client_credentials, authorization_code (refresh tokens are not issued)");
});

export const handleRevocationRequest = handled("/oauth2/revoke", async (request, exchange) => {
  const form = await readForm(request);
  const client = (exchange.client = await authenticateClient(request.headers, form));
  const token = singleParameter(form, "token");
  if (!token) throw new OAuthError("invalid_request", "token is required");
  singleParameter(form, "token_type_hint"); // accepted (RFC 7009 2.1); the token's prefix says what it is
  await revokeForClient(await db(), client, token, requestContextFrom(request.headers));
  return new Response(null, { status: 200, headers: NO_STORE_HEADERS });
});

export const handleIntrospectionRequest = handled("/oauth2/introspect", async (request) => {
  const form = await readForm(request);
  const client = await authenticateClient(request.headers, form);
  const token = singleParameter(form, "token");
  if (!token) throw new OAuthError("invalid_request", "token is required");
  singleParameter(form, "token_type_hint");
  // The account API key that came with an auth token (TrackVia's user_key header), if any.
  const userKey = singleParameter(form, "user_key");
  return oauthJson(await introspectToken(await db(), client, token, issuerForRequest(request), { userKey: userKey === "" ? null : userKey }));
});

/** OPTIONS on /oauth2/token and /oauth2/revoke: the CORS preflight (./cors.ts). */
export async function handleOAuthPreflight(): Promise<Response> {
  return preflightResponse();
}

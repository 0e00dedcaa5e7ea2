// POST /oauth2/token, /oauth2/revoke and /oauth2/introspect, over lib/oauth. The wrapper
// (./endpoint.ts) reads the form and authenticates the client; the token and revocation
// endpoints answer CORS for public clients (lib/oauth/cors.ts).
import { requestContextFrom } from "../auth/request-context";
import { db } from "../db";
import { oauthError } from "../http/protocol-error";
import { jsonResponse, NO_STORE_HEADERS } from "../http/respond";
import { authorizationCodeGrant, clientCredentialsGrant, singleParameter } from "../oauth/grants";
import { startDeviceAuthorization } from "../oauth/device-authorization";
import { deviceCodeGrant } from "../oauth/device-code-grant";
import { DEVICE_CODE_GRANT } from "../validations/oauth-client-values";
import { introspectToken } from "../oauth/introspection";
import { issuerForRequest } from "../oauth/issuer";
import { refreshTokenGrant } from "../oauth/refresh-grant";
import { revokeForClient } from "../oauth/revocation";
import { endpoint } from "./endpoint";

export const tokenEndpoint = endpoint({ auth: "oauth-client", cors: true }, async ({ request, client, form }) => {
  const grantType = singleParameter(form, "grant_type");
  if (!grantType) throw oauthError("invalid_request", "grant_type is required");
  const context = requestContextFrom(request.headers);
  const database = await db();
  if (grantType === "client_credentials")
    return jsonResponse(await clientCredentialsGrant(database, client, form, context));
  if (grantType === "authorization_code")
    return jsonResponse(
      await authorizationCodeGrant(database, client, form, context, undefined, issuerForRequest(request)),
    );
  if (grantType === "refresh_token") return jsonResponse(await refreshTokenGrant(database, client, form, context));
  if (grantType === DEVICE_CODE_GRANT) return jsonResponse(await deviceCodeGrant(database, client, form, context));
  throw oauthError(
    "unsupported_grant_type",
    `Supported grant types: client_credentials, authorization_code, refresh_token, ${DEVICE_CODE_GRANT} (each for apps registered for it)`,
  );
});

// POST /oauth2/device_authorization (RFC 8628 3.1): the client authenticates as at the token endpoint.
export const deviceAuthorizationEndpoint = endpoint({ auth: "oauth-client" }, async ({ request, client, form }) =>
  jsonResponse(await startDeviceAuthorization(await db(), client, form, issuerForRequest(request))),
);

export const revocationEndpoint = endpoint({ auth: "oauth-client", cors: true }, async ({ request, client, form }) => {
  const token = singleParameter(form, "token");
  if (!token) throw oauthError("invalid_request", "token is required");
  singleParameter(form, "token_type_hint"); // accepted (RFC 7009 2.1); the token's prefix says what it is
  await revokeForClient(await db(), client, token, requestContextFrom(request.headers));
  return new Response(null, { status: 200, headers: NO_STORE_HEADERS });
});

export const introspectionEndpoint = endpoint({ auth: "oauth-client" }, async ({ request, client, form }) => {
  const token = singleParameter(form, "token");
  if (!token) throw oauthError("invalid_request", "token is required");
  singleParameter(form, "token_type_hint");
  // The account API key that came with an auth token (TrackVia's user_key header), if any.
  const userKey = singleParameter(form, "user_key");
  return jsonResponse(
    await introspectToken(await db(), client, token, issuerForRequest(request), {
      userKey: userKey === "" ? null : userKey,
    }),
  );
});

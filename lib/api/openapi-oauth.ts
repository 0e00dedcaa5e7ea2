// The OAuth 2.0 endpoints' part of the OpenAPI document (lib/api/openapi.ts): token,
// revocation and introspection, with how clients authenticate and what each answers.
import { errorAnswer } from "./openapi-answers";

const form = (properties: Record<string, unknown>, required: string[]) => ({
  required: true,
  content: {
    "application/x-www-form-urlencoded": {
      schema: {
        type: "object",
        required,
        properties: {
          ...properties,
          client_id: { type: "string", description: "With client_secret, when not using HTTP Basic" },
          client_secret: { type: "string" },
        },
      },
    },
  },
});
const CLIENT_AUTH = [{ clientBasic: [] }, {}];
const OAUTH_CLIENT_ERRORS = {
  "400": errorAnswer(
    "invalid_request (not a form, a parameter twice, a missing parameter, parameters in the URL) and the grant's own errors",
  ),
  "401": errorAnswer("invalid_client: unknown client, wrong or rotated client secret (WWW-Authenticate: Basic)"),
};

/** What /oauth2/token and /oauth2/revoke answer browsers (lib/oauth/cors.ts). */
const PUBLIC_CLIENT_CORS =
  "A public client's answers (errors included) carry Access-Control-Allow-Origin: *, so a single-page app on another origin can read them; a confidential client's carry no CORS headers. The OPTIONS preflight allows POST with Content-Type from any origin; no answer carries Access-Control-Allow-Credentials.";

export const oauthPaths = {
  "/oauth2/token": {
    post: {
      tags: ["OAuth 2.0"],
      operationId: "requestToken",
      summary: "Token endpoint (RFC 6749): client_credentials, or authorization_code with PKCE",
      description: PUBLIC_CLIENT_CORS,
      security: CLIENT_AUTH,
      requestBody: form(
        {
          grant_type: {
            type: "string",
            enum: ["client_credentials", "authorization_code", "urn:ietf:params:oauth:grant-type:device_code"],
          },
          scope: {
            type: "string",
            description: "client_credentials: space-separated, within the app's scopes (default: all of them)",
          },
          code: { type: "string", description: "authorization_code: the kw_ac_ code from the redirect" },
          redirect_uri: {
            type: "string",
            description:
              "authorization_code: exactly the redirect_uri of the authorization request (for a loopback address, with the port used there)",
          },
          code_verifier: { type: "string", description: "authorization_code: the PKCE verifier (43-128 characters)" },
          device_code: {
            type: "string",
            description:
              "urn:ietf:params:oauth:grant-type:device_code: the kw_dc_ device code from /oauth2/device_authorization",
          },
        },
        ["grant_type"],
      ),
      responses: {
        "200": {
          description:
            "{access_token (kw_oat_), token_type: Bearer, expires_in: 3600, scope}; Cache-Control: no-store. No refresh token.",
        },
        ...OAUTH_CLIENT_ERRORS,
        "400": errorAnswer(
          "invalid_request, invalid_grant (unknown, expired or used code, redirect_uri or PKCE mismatch; a device code of another app or already used), invalid_scope, unauthorized_client (grant not registered), unsupported_grant_type; device flow (RFC 8628 3.5): authorization_pending (keep polling), slow_down (polled too fast: add 5 seconds to the interval), access_denied (the user denied), expired_token (start again)",
        ),
      },
    },
  },
  "/oauth2/device_authorization": {
    post: {
      tags: ["OAuth 2.0"],
      operationId: "startDeviceAuthorization",
      summary: "Device authorization endpoint (RFC 8628): a command-line tool asks for a device code and a user code",
      description:
        "For apps registered with the device authorization grant; the client authenticates as at the token endpoint (a public client sends its client_id alone). Show the user verification_uri and user_code (or verification_uri_complete), then poll /oauth2/token with grant_type=urn:ietf:params:oauth:grant-type:device_code and the device_code, waiting `interval` seconds between polls, until the user allows or denies on /device.",
      security: CLIENT_AUTH,
      requestBody: form(
        {
          scope: {
            type: "string",
            description: "Space-separated, within the app's scopes (default: all of them)",
          },
        },
        [],
      ),
      responses: {
        "200": {
          description:
            "{device_code (kw_dc_), user_code (XXXX-XXXX), verification_uri (<issuer>/device), verification_uri_complete, expires_in: 600, interval: 5}; Cache-Control: no-store",
        },
        ...OAUTH_CLIENT_ERRORS,
        "400": errorAnswer(
          "invalid_request, invalid_scope, unauthorized_client (the app is not registered for the device grant)",
        ),
      },
    },
  },
  "/device": {
    get: {
      tags: ["OAuth 2.0"],
      operationId: "deviceVerification",
      summary: "Device verification page (browser, not API): the user types the user code and allows or denies",
      description:
        "Optional user_code query parameter (verification_uri_complete) fills the field. The user signs in, types the code (any case, with or without the dash), sees the app and its scopes, and allows or denies. Five wrong codes per minute per user and per client address, then a refusal with the time to wait.",
      security: [],
      responses: {
        "200": { description: "The device page", content: { "text/html": {} } },
        "307": { description: "To sign in, and back with the code" },
      },
    },
  },
  "/oauth2/revoke": {
    post: {
      tags: ["OAuth 2.0"],
      operationId: "revokeToken",
      summary: "Revoke an access token this app obtained (RFC 7009)",
      description: `200 whether or not the token was known (another app's token is left alone); unsupported_token_type for other kinds of Keyward credential. ${PUBLIC_CLIENT_CORS}`,
      security: CLIENT_AUTH,
      requestBody: form({ token: { type: "string" }, token_type_hint: { type: "string" } }, ["token"]),
      responses: { "200": { description: "Revoked, or nothing to revoke" }, ...OAUTH_CLIENT_ERRORS },
    },
  },
  "/oauth2/introspect": {
    post: {
      tags: ["OAuth 2.0"],
      operationId: "introspectToken",
      summary: "Is this Keyward credential active, and whose is it? (RFC 7662)",
      description:
        "For apps registered with \"May introspect tokens\". Any kind of credential of the app's own account; `active` is true exactly when the API would accept the credential sent as it is here. The account API key (kw_ak_) is never active on its own (the API takes it only as user_key beside an auth token). An auth token (kw_at_) is active only when `user_key` carries its own account's API key, as the API's user_key header must.",
      security: CLIENT_AUTH,
      requestBody: form(
        {
          token: { type: "string" },
          token_type_hint: { type: "string" },
          user_key: {
            type: "string",
            description:
              "The account API key (kw_ak_) the resource server received in the user_key header beside an auth token (kw_at_). Required for an auth token to be active; refused beside any other kind (active: false).",
          },
        },
        ["token"],
      ),
      responses: {
        "200": {
          description:
            "{active: false} or {active: true, scope, client_id, username, sub, token_type, exp, iat, iss, keyward_kind, keyward_hint}",
        },
        ...OAUTH_CLIENT_ERRORS,
        "403": errorAnswer("unauthorized_client: this app may not introspect"),
      },
    },
  },
  "/oauth2/authorize": {
    get: {
      tags: ["OAuth 2.0"],
      operationId: "authorize",
      summary: "Authorization endpoint: the consent page (browser, not API)",
      description:
        "response_type=code, client_id, redirect_uri (exactly as registered; for http://127.0.0.1 and http://[::1], any port, RFC 8252 7.3), scope, state, code_challenge, code_challenge_method=S256. The user signs in, sees the app and its scopes, and allows or denies; the browser is sent back with code, state and iss, or error.",
      security: [],
      responses: {
        "200": {
          description: "The consent page, or an error page when the app or its redirect URI is not recognised",
          content: { "text/html": {} },
        },
        "303": { description: "Back to the app's redirect URI, or to sign in" },
      },
    },
  },
  "/.well-known/oauth-authorization-server": {
    get: {
      tags: ["OAuth 2.0"],
      operationId: "getAuthorizationServerMetadata",
      summary: "Authorization server metadata (RFC 8414)",
      security: [],
      responses: { "200": { description: "issuer, endpoints, grant types, scopes, PKCE methods" } },
    },
  },
};

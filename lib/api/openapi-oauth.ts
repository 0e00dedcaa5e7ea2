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
      summary: "Token endpoint (RFC 6749): client_credentials, authorization_code with PKCE, or refresh_token",
      description: PUBLIC_CLIENT_CORS,
      security: CLIENT_AUTH,
      requestBody: form(
        {
          grant_type: {
            type: "string",
            enum: [
              "client_credentials",
              "authorization_code",
              "refresh_token",
              "urn:ietf:params:oauth:grant-type:device_code",
            ],
          },
          scope: {
            type: "string",
            description:
              "client_credentials: space-separated, within the app's scopes (default: all of them). refresh_token: may only narrow the scope the user allowed (default: all of it)",
          },
          code: { type: "string", description: "authorization_code: the kw_ac_ code from the redirect" },
          redirect_uri: {
            type: "string",
            description:
              "authorization_code: exactly the redirect_uri of the authorization request (for a loopback address, with the port used there)",
          },
          code_verifier: { type: "string", description: "authorization_code: the PKCE verifier (43-128 characters)" },
          refresh_token: {
            type: "string",
            description:
              "refresh_token: the app's latest kw_ort_ refresh token. Each works once: the answer carries the next one. One presented again revokes every token of that consent (invalid_grant).",
          },
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
            "{access_token (kw_oat_), token_type: Bearer, expires_in: 3600, scope, refresh_token (kw_ort_), id_token}; Cache-Control: no-store. refresh_token only for authorization_code and refresh_token, and only to apps registered for the refresh_token grant; it lapses after 14 days unused and 30 days after the user's consent at the latest. With the openid scope (authorization_code only), also id_token: an OpenID Connect ID token, a JWT signed ES256 (kid in the header, keys at /oauth2/jwks) with iss, sub (the user's id), aud (client_id), exp (1 hour), iat, auth_time, nonce (when sent), name (profile), email and email_verified: false (email).",
        },
        ...OAUTH_CLIENT_ERRORS,
        "400": errorAnswer(
          "invalid_request, invalid_grant (unknown, expired or used code, redirect_uri or PKCE mismatch; unknown, expired, revoked or already used refresh token, another app's, its user disabled; a device code of another app or already used), invalid_scope, unauthorized_client (grant not registered), unsupported_grant_type; device flow (RFC 8628 3.5): authorization_pending (keep polling), slow_down (polled too fast: add 5 seconds to the interval), access_denied (the user denied), expired_token (start again)",
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
      summary: "Revoke an access or refresh token this app obtained (RFC 7009)",
      description: `200 whether or not the token was known (another app's token is left alone); unsupported_token_type for other kinds of Keyward credential. A refresh token (kw_ort_) is revoked with every token of its consent: the refresh tokens before and after it and the access tokens obtained with them. ${PUBLIC_CLIENT_CORS}`,
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
        "For apps registered with \"May introspect tokens\". Any kind of credential of the app's own account; `active` is true exactly when the API would accept the credential sent as it is here. A refresh token (kw_ort_, never accepted by the API) is active when the token endpoint would exchange it, with token_type refresh_token. The account API key (kw_ak_) is never active on its own (the API takes it only as user_key beside an auth token). An auth token (kw_at_) is active only when `user_key` carries its own account's API key, as the API's user_key header must.",
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
        "response_type=code, client_id, redirect_uri (exactly as registered; for http://127.0.0.1 and http://[::1], any port, RFC 8252 7.3), scope, state, code_challenge, code_challenge_method=S256, and optionally prompt (consent always shows the page; none never does and answers login_required or consent_required instead; login and select_account are refused with invalid_request). OpenID Connect: nonce (at most 512 characters, repeated in the ID token), max_age (a session signed in longer ago is answered login_required). The user signs in, sees the app and its scopes, and allows or denies; the browser is sent back with code, state and iss, or error. Consent is remembered: a user who already allowed every requested scope to the app is sent back with a code at once, and a request with new scopes asks only for those; the user's Connected apps page (Disconnect) forgets it and revokes the app's tokens.",
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
  "/.well-known/openid-configuration": {
    get: {
      tags: ["OpenID Connect"],
      operationId: "getOpenIdConfiguration",
      summary: "OpenID Connect Discovery 1.0",
      description:
        "The RFC 8414 document with OpenID Connect's fields: userinfo_endpoint, jwks_uri, subject_types_supported [public], id_token_signing_alg_values_supported [ES256], claims_supported, prompt_values_supported.",
      security: [],
      responses: { "200": { description: "The provider's metadata" } },
    },
  },
  "/oauth2/jwks": {
    get: {
      tags: ["OpenID Connect"],
      operationId: "getJwks",
      summary: "The public keys that sign ID tokens (JWK Set, RFC 7517)",
      description:
        "Every account's current ES256 key (each account signs its users' ID tokens with its own; the kid in the token's header names it) and any retired one whose ID tokens may not have expired yet (1 hour and 5 minutes after its rotation). Public keys only; Cache-Control: public, max-age=300.",
      security: [],
      responses: {
        "200": {
          description: "{keys: [{kty: EC, crv: P-256, x, y, kid, alg: ES256, use: sig}]}",
          content: { "application/jwk-set+json": {} },
        },
      },
    },
  },
  "/oauth2/userinfo": Object.fromEntries(
    (["get", "post"] as const).map((method) => [
      method,
      {
        tags: ["OpenID Connect"],
        operationId: method === "get" ? "getUserInfo" : "postUserInfo",
        summary: "The signed-in user's claims (OpenID Connect UserInfo)",
        description:
          "An OAuth access token (kw_oat_) granted the openid scope, in the Authorization header. Answers sub (the user's id), name with profile, email and email_verified (false: Keyward does not verify addresses) with email.",
        security: [{ bearer: [] }, { oauth2: ["openid"] }],
        "x-keyward-scope": "openid",
        responses: {
          "200": { description: "{sub, name?, email?, email_verified?}" },
          "401": errorAnswer(
            'invalid_token (WWW-Authenticate: Bearer error="invalid_token"): missing, unknown, expired or revoked token',
          ),
          "403": errorAnswer(
            "insufficient_scope: an OAuth access token not granted openid, or another kind of credential (which cannot carry it)",
          ),
        },
      },
    ]),
  ),
};

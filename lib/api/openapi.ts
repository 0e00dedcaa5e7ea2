// The OpenAPI 3.1 description of the bundled API, served at /api/openapi.json and rendered
// on the Docs page. lib/api/openapi.test.ts checks that every route handler is described.
import { SUPPORTED_API_VERSIONS } from "./versions";
import { OAUTH_SCOPES, SCOPES } from "../access/privileges";
import { AUTH_ERRORS, BODY_ERRORS, credentialRequirement, errorAnswer as error } from "./openapi-answers";
import { leakedPaths, leakedSchemas } from "./openapi-leaked";
import { oauthPaths } from "./openapi-oauth";
import { organizationPaths, organizationSchemas } from "./openapi-organizations";

type Security = { name: string; scheme: Record<string, unknown> };

/** Each way a credential is presented (lib/verifier/extract.ts), as an OpenAPI security scheme. */
export const SECURITY_SCHEMES: Record<string, Security["scheme"]> = {
  invocaToken: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "Invoca (recommended): `Authorization: <kw_pat_ token>`, no scheme word.",
  },
  bearer: {
    type: "http",
    scheme: "bearer",
    description:
      "`Authorization: Bearer <token>`: OAuth access tokens (kw_oat_), API credentials (kw_pat_) and, with user_key, auth tokens (kw_at_).",
  },
  oauthTokenQuery: {
    type: "apiKey",
    in: "query",
    name: "oauth_token",
    description:
      "Invoca legacy, GET only, API credentials only; a super admin can switch it off for their account. Avoid: URLs are logged by proxies.",
  },
  accessTokenQuery: {
    type: "apiKey",
    in: "query",
    name: "access_token",
    description: "TrackVia, GET only, auth tokens with user_key; a super admin can switch it off for their account.",
  },
  userKey: {
    type: "apiKey",
    in: "header",
    name: "user_key",
    description: "TrackVia: the account API Key (kw_ak_), sent with an auth token.",
  },
  deskproKey: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "Deskpro: `Authorization: key <kw_key_ API key>`.",
  },
  apiKeyHeader: {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "Generic guide: `X-API-Key: <kw_key_ API key>`.",
  },
  deskproToken: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description:
      "Deskpro: `Authorization: token <token>`: an API token (kw_tok_) from the token exchange, or an OAuth access token (kw_oat_).",
  },
  oauth2: {
    type: "oauth2",
    description:
      "Keyward's authorization server (metadata: /.well-known/oauth-authorization-server). Access tokens (kw_oat_) last 1 hour; apps registered for the refresh_token grant also get a refresh token (kw_ort_) with each authorization-code token, rotated at every use (a spent one presented again revokes every token of that consent), at most 14 days unused and 30 days after the consent. PKCE (S256) is required for the authorization code flow.",
    flows: {
      clientCredentials: {
        tokenUrl: "/oauth2/token",
        scopes: Object.fromEntries(SCOPES.map((scope) => [scope, scope])),
      },
      authorizationCode: {
        authorizationUrl: "/oauth2/authorize",
        tokenUrl: "/oauth2/token",
        // The code flow may also carry OpenID Connect's identity scopes (client credentials may not).
        scopes: Object.fromEntries(OAUTH_SCOPES.map((scope) => [scope, scope])),
      },
    },
  },
  clientBasic: {
    type: "http",
    scheme: "basic",
    description:
      "OAuth client authentication (client_secret_basic): client_id and client_secret (kw_cs_), each form-urlencoded, as HTTP Basic. Or send both in the form body (client_secret_post), never both ways. A public client sends client_id alone (none).",
  },
};

const exchange = {
  tags: ["Deskpro"],
  summary: "Token exchange (legacy, not recommended): email + password → API token",
  description:
    "Open endpoint: rate-limited per address and per account, locks an account out after repeated failures, same answer for a wrong email or password, audited; a super admin can switch it off for their account. At most 5 password checks per account (and 20 per address) in 15 minutes, counted before the password is checked; at most 10 tokens per user per hour.",
  security: [],
  requestBody: {
    required: true,
    content: {
      "application/json": {
        schema: {
          type: "object",
          required: ["email", "password"],
          properties: { email: { type: "string" }, password: { type: "string" } },
        },
      },
    },
  },
  responses: {
    "200": { description: "{person_id, token, token_type, expires_at}" },
    "400": error("Not valid JSON, not {email, password}, or a password over 72 bytes"),
    "401": error("invalid_credentials"),
    "403": error(
      "access_denied: API user, disabled user, or the exchange is switched off for the user's account; password_expired: the password is older than the account's maximum age, change it at /account/password",
    ),
    ...BODY_ERRORS,
    "429": error("too_many_attempts (the lock-out) or too_many_requests (the hourly token limit), with Retry-After"),
  },
};

export function openApiDocument(serverUrl = "/") {
  return {
    openapi: "3.1.0",
    info: {
      title: "Keyward API",
      version: SUPPORTED_API_VERSIONS[0],
      description:
        "Every credential Keyward issues, verified by one path. Errors follow RFC 6750: JSON {error, error_description} and a WWW-Authenticate: Bearer challenge.",
    },
    servers: [{ url: serverUrl }],
    tags: [
      {
        name: "Advertisers",
        description:
          "Invoca style: the network's advertisers, keyed by the network's own id (id_from_network); POST and PUT create or update idempotently.",
      },
      { name: "Publishers", description: "Invoca style: the network's publishers, as the advertisers." },
      { name: "Deskpro", description: "Deskpro style: the caller, and the token exchange (legacy)." },
      { name: "Generic", description: "The generic guide's resource endpoints." },
      {
        name: "OAuth 2.0",
        description: "Keyward's authorization server: token, revocation, introspection, consent and metadata.",
      },
      {
        name: "OpenID Connect",
        description:
          "Log in with Keyward: discovery, the ID token's signing keys and UserInfo. Scopes openid, profile and email identify the user; they open no API route.",
      },
      { name: "Service", description: "Health and this document: no credential." },
    ],
    paths: {
      ...organizationPaths("advertiser"),
      ...organizationPaths("publisher"),
      "/api/v2/me": {
        get: {
          tags: ["Deskpro"],
          operationId: "getMe",
          summary: "The caller: person_id, name, email, role",
          ...credentialRequirement(),
          responses: { "200": { description: "The credential's owner" }, ...AUTH_ERRORS },
        },
        post: {
          ...exchange,
          operationId: "exchangeTokenAtMe",
          summary: "The seed's example path for the token exchange",
        },
      },
      "/api/v2/api_tokens": { post: { ...exchange, operationId: "exchangeToken" } },
      "/v1/users": {
        get: {
          tags: ["Generic"],
          operationId: "listUsers",
          summary: "The users the caller may see (needs users:read)",
          ...credentialRequirement("users:read"),
          responses: { "200": { description: "A page of users" }, ...AUTH_ERRORS },
        },
      },
      "/v1/data": {
        get: {
          tags: ["Generic"],
          operationId: "getDataSummary",
          summary: "What the caller can reach, in numbers (needs data:read)",
          ...credentialRequirement("data:read"),
          responses: { "200": { description: "Counts" }, ...AUTH_ERRORS },
        },
      },
      ...oauthPaths,
      ...leakedPaths,
      "/api/health": {
        get: {
          tags: ["Service"],
          operationId: "getHealth",
          summary: "200 when the app and its database answer, 503 when the database does not",
          description:
            "Also reports the rate-limit counter store (rateLimits: store memory or redis, whether Redis answers, and the fail mode); a Redis outage does not make it 503.",
          security: [],
          responses: { "200": { description: "ok" }, "503": { description: "database unavailable" } },
        },
      },
      "/api/openapi.json": {
        get: {
          tags: ["Service"],
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1" } },
        },
      },
    },
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: {
        Error: {
          type: "object",
          required: ["error", "error_description"],
          properties: { error: { type: "string" }, error_description: { type: "string" } },
        },
        ...organizationSchemas,
        ...leakedSchemas,
      },
    },
  };
}

/** Route handler files that are not part of the public API (next-auth's own endpoints, the bench-only baseline). */
export const UNDOCUMENTED_ROUTES = ["/api/auth/[...nextauth]", "/api/bench/baseline/[file]"];

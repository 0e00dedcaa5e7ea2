// Answers and security requirements shared by every part of the OpenAPI document.
import type { Scope } from "../access/privileges";
import { JSON_BODY_LIMIT_BYTES } from "./body";

/** An error answer: the one error body (lib/http/respond.ts) under its description. */
export const errorAnswer = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** A JSON answer whose body is the named schema of components/schemas. */
export const jsonAnswer = (description: string, schema: string, example?: unknown) => ({
  description,
  content: {
    "application/json": {
      schema: { $ref: `#/components/schemas/${schema}` },
      ...(example === undefined ? {} : { example }),
    },
  },
});

/**
 * Every way of presenting a credential (lib/verifier/extract.ts) that the credential endpoints
 * take. `scope`, when the endpoint needs one, is what an OAuth access token must carry (OpenAPI
 * names scopes on oauth2 requirements only; the other credentials carry their owner's).
 */
export const credentialSecurity = (scope?: Scope) => [
  { invocaToken: [] },
  { bearer: [] },
  { oauth2: scope ? [scope] : [] },
  { oauthTokenQuery: [] },
  { bearer: [], userKey: [] },
  { accessTokenQuery: [], userKey: [] },
  { deskproKey: [] },
  { apiKeyHeader: [] },
  { deskproToken: [] },
];

/**
 * The security requirement of an endpoint that takes a credential, and the scope it needs in
 * `x-keyward-scope` (null: any valid credential): OpenAPI names scopes on oauth2 requirements
 * only, but every kind narrowed below its owner (lib/access/narrowing.ts) is held to the same
 * scope, and refused 403 insufficient_scope naming it.
 */
export const credentialRequirement = (scope?: Scope) => ({
  security: credentialSecurity(scope),
  "x-keyward-scope": scope ?? null,
});

/** Every body reader (lib/api/body.ts): a body too large, or not exactly application/json, before anything in it is read. */
export const BODY_ERRORS = {
  "413": errorAnswer(`invalid_request: the body is over ${JSON_BODY_LIMIT_BYTES / 1024} KiB`),
  "415": errorAnswer(
    "invalid_request: the body is not Content-Type application/json (a charset, if given, must be utf-8)",
  ),
};

/** What the credential check (lib/endpoints/endpoint.ts) answers before any endpoint's own work. */
export const AUTH_ERRORS = {
  "400": errorAnswer(
    "invalid_request: credentials in more than one place, a query-string token on a non-GET request, or a bad body",
  ),
  "401": errorAnswer(
    "Missing credential (no error attribute in WWW-Authenticate) or invalid_token: malformed, mistyped, unknown, revoked, deactivated, expired, or its owner is disabled",
  ),
  "403": errorAnswer(
    "insufficient_scope: valid, but its owner (or its scopes) may not do this; error_description and the WWW-Authenticate scope attribute name the missing scope (x-keyward-scope). ip_not_allowed: valid, but sent from an address outside its IP allowlist",
  ),
};

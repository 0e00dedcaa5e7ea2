// GET /.well-known/oauth-authorization-server (RFC 8414): what a client library needs to talk
// to Keyward without configuration beyond the issuer. GET /.well-known/openid-configuration
// (OpenID Connect Discovery 1.0) is the same document with OpenID Connect's fields added, so
// the two never disagree.
import { OAUTH_SCOPES } from "../access/privileges";
import { GRANT_TYPES } from "../validations/oauth-client";
import { PROMPTS } from "./consent-decision";
import { ID_TOKEN_ALG } from "./signing-keys";

export function authorizationServerMetadata(issuer: string) {
  const clientAuth = ["client_secret_basic", "client_secret_post"];
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    // OpenID Connect (RFC 8414 2 registers both): where ID tokens' keys and the user's claims are.
    jwks_uri: `${issuer}/oauth2/jwks`,
    userinfo_endpoint: `${issuer}/oauth2/userinfo`,
    // RFC 8628 4: where a command-line tool starts the device flow (its grant is in grant_types_supported).
    device_authorization_endpoint: `${issuer}/oauth2/device_authorization`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: [...GRANT_TYPES],
    code_challenge_methods_supported: ["S256"],
    // "none": public clients (client_id and PKCE); they cannot introspect.
    token_endpoint_auth_methods_supported: [...clientAuth, "none"],
    revocation_endpoint_auth_methods_supported: [...clientAuth, "none"],
    introspection_endpoint_auth_methods_supported: clientAuth,
    scopes_supported: [...OAUTH_SCOPES],
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${issuer}/docs`,
  };
}

/** The claims an ID token or UserInfo may carry (lib/oauth/id-token.ts), by scope. */
export const CLAIMS_SUPPORTED = [
  "iss",
  "sub",
  "aud",
  "exp",
  "iat",
  "auth_time",
  "nonce",
  "name",
  "email",
  "email_verified",
] as const;

export function openIdConfiguration(issuer: string) {
  return {
    ...authorizationServerMetadata(issuer),
    // sub is the user's id, the same for every app (no pairwise identifiers).
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [ID_TOKEN_ALG],
    claims_supported: [...CLAIMS_SUPPORTED],
    // prompt=none and prompt=consent; max_age is honoured too (lib/oauth/authorization-request.ts).
    prompt_values_supported: [...PROMPTS],
    // Discovery's defaults would claim request_uri support; Keyward takes none of these.
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}

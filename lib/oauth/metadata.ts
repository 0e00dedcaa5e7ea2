// GET /.well-known/oauth-authorization-server (RFC 8414): what a client library needs to talk
// to Keyward without configuration beyond the issuer.
import { SCOPES } from "../access/privileges";
import { GRANT_TYPES } from "../validations/oauth-client";

export function authorizationServerMetadata(issuer: string) {
  const clientAuth = ["client_secret_basic", "client_secret_post"];
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
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
    scopes_supported: [...SCOPES],
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${issuer}/docs`,
  };
}

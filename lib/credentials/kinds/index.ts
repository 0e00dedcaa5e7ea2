// The registry of credential kinds. One line per kind.
import type { CredentialKind } from "../kind";
import { accountApiKey } from "./account-api-key";
import { apiKey } from "./api-key";
import { apiToken } from "./api-token";
import { authToken } from "./auth-token";
import { oauthAccessToken } from "./oauth-access-token";
import { oauthAuthorizationCode } from "./oauth-authorization-code";
import { oauthClientSecret } from "./oauth-client-secret";
import { personalCredential } from "./personal-credential";

export const CREDENTIAL_KINDS: readonly CredentialKind[] = [personalCredential, authToken, accountApiKey, apiKey, apiToken, oauthAccessToken, oauthClientSecret, oauthAuthorizationCode];

export function kindByCode(code: string): CredentialKind | undefined {
  return CREDENTIAL_KINDS.find((kind) => kind.code === code);
}

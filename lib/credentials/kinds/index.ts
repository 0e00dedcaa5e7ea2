// The registry of credential kinds. One line per kind.
import type { CredentialKind } from "../kind";
import { accountApiKey } from "./account-api-key";
import { apiKey } from "./api-key";
import { apiToken } from "./api-token";
import { authToken } from "./auth-token";
import { personalCredential } from "./personal-credential";

export const CREDENTIAL_KINDS: readonly CredentialKind[] = [personalCredential, authToken, accountApiKey, apiKey, apiToken];

export function kindByCode(code: string): CredentialKind | undefined {
  return CREDENTIAL_KINDS.find((kind) => kind.code === code);
}

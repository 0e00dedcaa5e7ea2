// The registry of credential kinds: every module under kinds/ is registered here, one line
// per kind. The verifier, the lists and the lifecycle find a kind by its code through this
// registry only, so a registered kind is verified, listed and revoked with no other change.
import type { CredentialKind } from "../kind";
import { accountApiKey } from "./account-api-key";
import { apiKey } from "./api-key";
import { apiToken } from "./api-token";
import { authToken } from "./auth-token";
import { oauthAccessToken } from "./oauth-access-token";
import { oauthAuthorizationCode } from "./oauth-authorization-code";
import { oauthClientSecret } from "./oauth-client-secret";
import { oauthRefreshToken } from "./oauth-refresh-token";
import { oauthDeviceCode } from "./oauth-device-code";
import { personalCredential } from "./personal-credential";

/** The kw_<code>_ part of a secret (lib/credentials/format.ts). */
const KIND_CODE = /^[a-z]{2,5}$/;

const registry = new Map<string, CredentialKind>();

/**
 * Makes a kind known. A code is never reused: registering one twice is a programming error,
 * refused rather than letting one kind's secrets be judged by another's rules.
 */
export function registerKind(kind: CredentialKind): CredentialKind {
  if (!KIND_CODE.test(kind.code))
    throw new Error(`A credential kind's code is 2 to 5 lower-case letters, not "${kind.code}"`);
  if (registry.has(kind.code)) throw new Error(`The credential kind code "${kind.code}" is already registered`);
  registry.set(kind.code, kind);
  return kind;
}

registerKind(personalCredential);
registerKind(authToken);
registerKind(accountApiKey);
registerKind(apiKey);
registerKind(apiToken);
registerKind(oauthAccessToken);
registerKind(oauthClientSecret);
registerKind(oauthAuthorizationCode);
registerKind(oauthRefreshToken);
registerKind(oauthDeviceCode);

/** Every registered kind, in the order registered. */
export function credentialKinds(): CredentialKind[] {
  return [...registry.values()];
}

export function kindByCode(code: string): CredentialKind | undefined {
  return registry.get(code);
}

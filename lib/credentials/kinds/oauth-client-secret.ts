import type { CredentialKind } from "../kind";

/**
 * An OAuth app's client secret (OAuth Apps screen). It authenticates the app at the token,
 * revocation and introspection endpoints only: it is no API credential, so it has no transport.
 */
export const oauthClientSecret = {
  code: "cs",
  label: "OAuth client secret",
  ownedByUser: false,
  transports: [],
  notForApi: true,
} as const satisfies CredentialKind;

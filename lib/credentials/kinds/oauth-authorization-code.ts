import type { CredentialKind } from "../kind";

/** RFC 6749 4.1.2 recommends at most ten minutes. */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 300;

/**
 * An authorization code (RFC 6749 4.1.2) handed to an app through its redirect URI after the
 * user allowed it. Stored in OAuthAuthorizationCode rather than Credential: single use, with a
 * PKCE challenge, and worth nothing without the app's code_verifier. Registered here so its
 * prefix is reserved and the verifier names it when someone sends one to the API.
 */
export const oauthAuthorizationCode = {
  code: "ac",
  label: "OAuth authorization code",
  ownedByUser: true,
  transports: [],
  lifetime: { type: "fixed", seconds: AUTHORIZATION_CODE_LIFETIME_SECONDS },
  // Made when the user allows the app; used once by the token endpoint, never changed.
  policy: { create: { owner: [] } },
  notStored: true,
  notForApi: true,
} as const satisfies CredentialKind;

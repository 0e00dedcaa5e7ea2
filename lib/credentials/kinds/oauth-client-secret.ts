import { NOT_REVOKED, type CredentialKind } from "../kind";

/**
 * An OAuth app's client secret (OAuth Apps screen). It authenticates the app at the token,
 * revocation and introspection endpoints only: it is no API credential, so it has no transport.
 */
export const oauthClientSecret = {
  code: "cs",
  label: "OAuth client secret",
  ownedByUser: false,
  transports: [],
  lifetime: { type: "unlimited" },
  // Rotating the app's secret rolls it (lib/oauth/clients.ts); deleting the app revokes it.
  policy: { create: { super_admin: [] }, roll: { super_admin: ["active"] }, revoke: { super_admin: NOT_REVOKED } },
  notForApi: true,
} as const satisfies CredentialKind;

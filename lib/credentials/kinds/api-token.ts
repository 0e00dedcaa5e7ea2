import { NOT_REVOKED, type CredentialKind } from "../kind";

/** Exchanged tokens expire: there are no refresh tokens, so the user exchanges again. */
export const API_TOKEN_LIFETIME_DAYS = 30;

/** Deskpro: an API token from the token exchange endpoint (email + password), "Authorization: token". */
export const apiToken = {
  code: "tok",
  label: "API token",
  ownedByUser: true,
  transports: ["token"],
  lifetime: { type: "fixed", seconds: API_TOKEN_LIFETIME_DAYS * 86_400 },
  // The user obtains it with their password; a super admin may revoke it (Credentials page).
  policy: { create: { owner: [] }, revoke: { super_admin: NOT_REVOKED } },
} as const satisfies CredentialKind;

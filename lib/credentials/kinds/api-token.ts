import type { CredentialKind } from "../kind";

/** Deskpro: an API token from the token exchange endpoint (email + password), "Authorization: token". */
export const apiToken = {
  code: "tok",
  label: "API token",
  ownedByUser: true,
  transports: ["token"],
} as const satisfies CredentialKind;

/** Exchanged tokens expire: there are no refresh tokens, so the user exchanges again. */
export const API_TOKEN_LIFETIME_DAYS = 30;

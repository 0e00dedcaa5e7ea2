import type { CredentialKind } from "../kind";

/** TrackVia: an auth token of an API user, made by a super admin, used with the account key. */
export const authToken = {
  code: "at",
  label: "Auth token",
  ownedByUser: true,
  // TrackVia: with user_key, as "Authorization: Bearer <token>" or ?access_token=.
  transports: ["bearer", "query"],
  requiresAccountKey: true,
  ownerMustBeApiUser: true,
} as const satisfies CredentialKind;

/** TrackVia: "Super Admin users [may] create up to 100 unique authorization tokens". */
export const AUTH_TOKENS_PER_ACCOUNT = 100;

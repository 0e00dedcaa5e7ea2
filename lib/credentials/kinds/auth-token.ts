import type { CredentialKind } from "../kind";

/** TrackVia: an auth token of an API user, made by a super admin, used with the account key. */
export const authToken = {
  code: "at",
  label: "Auth token",
  ownedByUser: true,
  // TrackVia: with user_key, as "Authorization: Bearer <token>" or ?access_token=.
  transports: ["bearer", "query"],
  lifetime: { type: "chosen", required: true },
  // TrackVia: Active → Deactivate → Inactive → Reactivate (until it expires) or Delete; an
  // expired token can only be deleted. Never revoked: the gear menu is its whole lifecycle.
  policy: {
    create: { super_admin: [] },
    deactivate: { super_admin: ["active"] },
    reactivate: { super_admin: ["inactive"] },
    delete: { super_admin: ["inactive", "expired"] },
  },
  refusals: { revoke: "Auth tokens are deactivated or deleted under My Account → API Access." },
  requiresAccountKey: true,
  ownerMustBeApiUser: true,
} as const satisfies CredentialKind;

/** TrackVia: "Super Admin users [may] create up to 100 unique authorization tokens". */
export const AUTH_TOKENS_PER_ACCOUNT = 100;

import type { CredentialKind } from "../kind";

/** TrackVia: the account's API Key, the user_key header; generated once, never changed. */
export const accountApiKey = {
  code: "ak",
  label: "Account API key",
  ownedByUser: false,
  // Only ever beside an auth token, in the user_key header.
  transports: [],
  lifetime: { type: "unlimited" },
  // "It can be copied for use in an integration using the clipboard icon" (TrackVia): sealed
  // beside its HMAC so a super admin can reveal it again (lib/credentials/account-api-key-reveal.ts).
  revealable: true,
  // Generated once by a super admin, then never changed (TrackVia).
  policy: { create: { super_admin: [] } },
  refusals: { revoke: "The account API key is never revoked or changed." },
} as const satisfies CredentialKind;

import type { CredentialKind } from "../kind";

/** TrackVia: the account's API Key, the user_key header; generated once, never changed. */
export const accountApiKey = {
  code: "ak",
  label: "Account API key",
  ownedByUser: false,
} as const satisfies CredentialKind;

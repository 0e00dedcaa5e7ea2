import type { CredentialKind } from "../kind";

/** Invoca: a user's own API credential, made on the Invoca APIs page with a Description. */
export const personalCredential = {
  code: "pat",
  label: "API credential",
  ownedByUser: true,
} as const satisfies CredentialKind;

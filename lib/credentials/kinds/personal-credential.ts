import { NOT_REVOKED, type CredentialKind } from "../kind";

/** Invoca: a user's own API credential, made on the Invoca APIs page with a Description. */
export const personalCredential = {
  code: "pat",
  label: "API credential",
  ownedByUser: true,
  // Invoca: "Authorization: <token>" (recommended), ?oauth_token= on GET, oauth_token in a
  // JSON body; and the standard Bearer scheme.
  transports: ["authorization", "bearer", "query", "body"],
  // Optional Expiration Date (issue 12); the account's expiry policy may require one.
  lifetime: { type: "chosen", required: false },
  // Invoca: every user makes and revokes their own; a super admin may revoke any of them.
  policy: { create: { owner: [] }, revoke: { owner: ["active"], super_admin: NOT_REVOKED } },
} as const satisfies CredentialKind;

import { NOT_REVOKED, type CredentialKind } from "../kind";

/** Deskpro / generic guide: an API key an admin creates by hand, with optional scopes and expiry. */
export const apiKey = {
  code: "key",
  label: "API key",
  ownedByUser: true,
  // Deskpro: "Authorization: key <key>"; generic guide: "X-API-Key: <key>".
  transports: ["key", "x-api-key"],
  lifetime: { type: "chosen", required: false },
  // Active → Roll (a successor; the old key is Rolled and lives on until its grace period
  // ends) → Revoke. A rolled key is never rolled again (its successor is) but may be revoked,
  // which ends its grace early. API keys have no deactivate or reactivate, rolled or not:
  // pausing a key that is on its way out would only be a slower revoke.
  policy: { create: { super_admin: [] }, roll: { super_admin: ["active"] }, revoke: { super_admin: NOT_REVOKED } },
} as const satisfies CredentialKind;

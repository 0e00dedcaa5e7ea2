// What a credential's state is at a moment: the stored status, with expiry applied.
export type CredentialState = "active" | "inactive" | "revoked" | "expired";

export const STATE_LABELS: Record<CredentialState, string> = {
  active: "Active",
  inactive: "Inactive",
  revoked: "Revoked",
  expired: "Expired",
};

export function credentialState(row: { status: string; expiresAt: Date | null }, now: Date = new Date()): CredentialState {
  if (row.status === "revoked") return "revoked";
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return row.status === "inactive" ? "inactive" : "active";
}

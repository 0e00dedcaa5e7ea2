"use client";

import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { revokeApiCredential } from "./actions";

/** "Revoke", behind a confirmation dialog that names the credential. */
export function RevokeButton({
  credentialId,
  description,
  hint,
}: {
  credentialId: string;
  description: string;
  hint: string;
}) {
  return (
    <ConfirmDialog
      title="Revoke API credential?"
      titleId={`revoke-title-${credentialId}`}
      trigger={{
        label: "Revoke",
        className: "rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50",
      }}
      action={revokeApiCredential}
      fields={{ credentialId }}
      confirmLabel="Revoke"
      pendingLabel="Revoking…"
    >
      &ldquo;{description}&rdquo; (<span className="font-mono">{hint}</span>) stops working at once, for every app that
      uses it. This cannot be undone.
    </ConfirmDialog>
  );
}

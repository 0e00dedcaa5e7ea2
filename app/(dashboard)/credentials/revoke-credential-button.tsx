"use client";

import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { revokeCredentialAction } from "./actions";

/** A row's Revoke button and its confirmation dialog. */
export function RevokeCredentialButton({
  credentialId,
  kindLabel,
  name,
  hint,
}: {
  credentialId: string;
  kindLabel: string;
  name: string;
  hint: string;
}) {
  return (
    <ConfirmDialog
      title={`Revoke this ${kindLabel}?`}
      titleId={`revoke-credential-${credentialId}`}
      trigger={{
        label: "Revoke",
        ariaLabel: `Revoke ${hint}`,
        className: "rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50",
      }}
      action={revokeCredentialAction}
      fields={{ credentialId }}
      confirmLabel="Revoke"
      pendingLabel="Revoking…"
    >
      &ldquo;{name}&rdquo; (<span className="font-mono">{hint}</span>) stops working at once and for good. Whoever uses
      it gets 401 from now on.
    </ConfirmDialog>
  );
}

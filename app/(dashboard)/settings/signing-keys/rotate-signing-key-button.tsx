"use client";

import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { rotateSigningKeyAction } from "./actions";

/** Rotate, with a confirmation that says what happens to the ID tokens already out there. */
export function RotateSigningKeyButton({ hoursPublished }: { hoursPublished: string }) {
  return (
    <ConfirmDialog
      title="Rotate the ID token signing key?"
      titleId="rotate-signing-key"
      trigger={{
        label: "Rotate signing key",
        className: "rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700",
      }}
      action={rotateSigningKeyAction}
      fields={{}}
      confirmLabel="Rotate"
      pendingLabel="Rotating…"
      tone="primary"
    >
      A new key signs every ID token of this account&rsquo;s users from now on. The current key stays in the JWKS for{" "}
      {hoursPublished} more, so ID tokens it already signed keep verifying until they expire.
    </ConfirmDialog>
  );
}

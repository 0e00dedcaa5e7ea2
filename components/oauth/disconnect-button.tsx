"use client";

import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import type { FormState } from "@/lib/validations/form-state";

/**
 * Disconnect one connected app (a user's grant), after a confirmation that says what stops
 * working. The action is the page's own (the user's, or the super admin's on OAuth Apps); both
 * end in lib/oauth/connected-apps.ts disconnectGrant, which checks who may.
 */
export function DisconnectButton({
  grantId,
  appName,
  userEmail,
  action,
}: {
  grantId: string;
  appName: string;
  /** Shown when an admin disconnects someone else's grant. */
  userEmail?: string;
  action: (state: FormState, data: FormData) => Promise<FormState>;
}) {
  const whose = userEmail ? `${userEmail}'s` : "your";
  return (
    <ConfirmDialog
      title={`Disconnect ${appName}?`}
      titleId={`disconnect-title-${grantId}`}
      trigger={{
        label: "Disconnect",
        ariaLabel: userEmail ? `Disconnect ${appName} for ${userEmail}` : `Disconnect ${appName}`,
        className: "rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50",
      }}
      action={action}
      fields={{ grantId }}
      confirmLabel="Disconnect"
      pendingLabel="Disconnecting…"
    >
      &ldquo;{appName}&rdquo; loses access to {whose} Keyward account at once: every access and refresh token it holds
      for {userEmail ?? "you"} is revoked, and the next time it asks, {userEmail ? "they are" : "you are"} asked to
      allow it again.
    </ConfirmDialog>
  );
}

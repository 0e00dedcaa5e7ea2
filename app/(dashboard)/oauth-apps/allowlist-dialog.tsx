"use client";

// An OAuth app row's "IP allowlist" button: the list its access tokens are held to (unless a
// token has its own, set on the token's page), in a dialog.
import { DoneButton } from "@/components/forms/dialog";
import { FormDialog } from "@/components/forms/form-dialog";
import { IpAllowlistForm } from "@/components/allowlists/ip-allowlist-form";
import type { AllowlistView } from "@/lib/allowlists/allowlist-form";
import { saveOAuthAppAllowlist } from "./allowlist-actions";

export function OAuthAppAllowlistDialog({ appId, name, saved }: { appId: string; name: string; saved: AllowlistView }) {
  return (
    <FormDialog
      title={`IP allowlist of ${name}`}
      titleId={`allowlist-title-${appId}`}
      trigger={{
        // "Edit …": the accessibility sweep (e2e/accessibility.spec.ts) opens dialogs by their verb.
        label: saved.ranges.length > 0 ? `Edit IP allowlist (${saved.ranges.length})` : "Edit IP allowlist",
        ariaLabel: `Edit IP allowlist for ${name}`,
        className: "whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100",
      }}
    >
      {(close) => (
        <>
          <p className="mb-3 text-sm text-slate-600">
            Access tokens issued to this app are accepted only from these addresses, unless a token has a list of its
            own. Without a list here, the account&apos;s default on API Settings applies.
          </p>
          <IpAllowlistForm
            formId={`allowlist-form-${appId}`}
            action={saveOAuthAppAllowlist}
            fields={{ appId }}
            saved={saved}
            help="One IPv4 or IPv6 address or CIDR range per line, for example 203.0.113.0/24 or 2001:db8::/32."
          />
          <DoneButton onClick={close} />
        </>
      )}
    </FormDialog>
  );
}

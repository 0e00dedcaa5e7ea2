"use client";
// Create replacement, opened by the link replacementPath() builds (?replace=<id> on the kind's
// list, from a row, the dashboard or a mail notice). The server checked that the signed-in user
// may replace this credential before rendering it; closing drops ?replace from the address.
import { useRouter } from "next/navigation";
import { Fragment, useEffect, useState } from "react";
import { ExpirationField } from "@/components/credentials/expiration-field";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { DialogButtons, DialogFrame, DoneButton, useDialog } from "@/components/forms/dialog";
import { FormMessage } from "@/components/forms/form-controls";
import { useFormAction } from "@/components/forms/use-form-action";
import { replaceCredentialAction, type ReplaceCredentialState } from "./replace-actions";

export interface ReplaceDialogOffer {
  id: string;
  kindLabel: string;
  name: string;
  hint: string;
  owner: string | null;
  expiresAt: string;
  defaultDay: string;
  maxDays: number | null;
  dateRequired: boolean;
}

export function ReplaceDialog({
  offer,
  today,
  listPath,
}: {
  offer: ReplaceDialogOffer;
  today: string;
  listPath: string;
}) {
  const dialog = useDialog();
  const router = useRouter();
  const { open } = dialog;
  useEffect(() => open(), [open]);
  return (
    <DialogFrame
      control={dialog}
      title="Create replacement"
      titleId="replace-credential-title"
      onClose={() => {
        router.replace(listPath, { scroll: false });
        router.refresh();
      }}
    >
      {dialog.isOpen ? (
        <Fragment key={dialog.generation}>
          <ReplaceForm offer={offer} today={today} onClose={dialog.close} />
        </Fragment>
      ) : null}
    </DialogFrame>
  );
}

const initial: ReplaceCredentialState = {};

function ReplaceForm({ offer, today, onClose }: { offer: ReplaceDialogOffer; today: string; onClose: () => void }) {
  const { state, pending, onSubmit, action } = useFormAction(replaceCredentialAction, initial);
  const [requestId] = useState(() => crypto.randomUUID());
  if (state.result) {
    const created = state.result;
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={created.secret} title={`Replacement for "${created.name}" created`} kind={created.kind}>
          <p className="mt-2 text-sm text-emerald-900">
            {created.expiresAt ? `Expires ${created.expiresAt.slice(0, 10)} at 00:00 UTC.` : "Never expires."} The old
            one (<span className="font-mono">{created.oldHint}</span>) keeps working until{" "}
            {created.oldExpiresAt.slice(0, 10)} at 00:00 UTC: switch your integration over before then.
          </p>
        </SecretReveal>
        <DoneButton onClick={onClose} />
      </div>
    );
  }
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="credentialId" value={offer.id} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        A new {offer.kindLabel.toLowerCase()} named <strong>{offer.name}</strong>
        {offer.owner ? ` for ${offer.owner}` : ""}, with the same scopes and a new secret, shown once. The old one (
        <span className="font-mono">{offer.hint}</span>) keeps working until {offer.expiresAt.slice(0, 10)} at 00:00
        UTC.
      </p>
      <ExpirationField
        id="replacement-expiration"
        today={today}
        maxDays={offer.maxDays}
        required={offer.dateRequired}
        initialDay={offer.defaultDay}
        errors={state.errors?.expirationDate}
        noun="replacement"
      />
      <DialogButtons onCancel={onClose} pending={pending} label="Create replacement" pendingLabel="Creating…" />
    </form>
  );
}

"use client";

import { useState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { DialogButtons, DoneButton } from "@/components/forms/dialog";
import { FieldError, FormMessage } from "@/components/forms/form-controls";
import { FormDialog } from "@/components/forms/form-dialog";
import { useFormAction } from "@/components/forms/use-form-action";
import { ROLL_GRACE_HOURS, ROLL_GRACE_LABELS } from "@/lib/validations/roll-grace";
import { revokeApiKeyAction, rollApiKeyAction, type RollApiKeyState } from "./actions";

/** A key row's Roll and Revoke buttons, each with its dialog. */
export function ApiKeyActions({
  keyId,
  name,
  hint,
  canRoll,
  canRevoke,
}: {
  keyId: string;
  name: string;
  hint: string;
  canRoll: boolean;
  canRevoke: boolean;
}) {
  if (!canRoll && !canRevoke) return null;
  return (
    <div className="inline-flex gap-2">
      {canRoll ? (
        <FormDialog
          title="Roll API key"
          titleId={`roll-title-${keyId}`}
          trigger={{
            label: "Roll",
            ariaLabel: `Roll ${name}`,
            className: "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100",
          }}
        >
          {(close) => <RollForm keyId={keyId} name={name} hint={hint} onClose={close} />}
        </FormDialog>
      ) : null}
      {canRevoke ? (
        <ConfirmDialog
          title="Revoke API key?"
          titleId={`revoke-title-${keyId}`}
          trigger={{
            label: "Revoke",
            ariaLabel: `Revoke ${name}`,
            className: "rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50",
          }}
          action={revokeApiKeyAction}
          fields={{ keyId }}
          confirmLabel="Revoke"
          pendingLabel="Revoking…"
        >
          &ldquo;{name}&rdquo; (<span className="font-mono">{hint}</span>) stops working at once and for good. Programs
          using it get 401 from now on.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

const initialRoll: RollApiKeyState = {};

function RollForm({ keyId, name, hint, onClose }: { keyId: string; name: string; hint: string; onClose: () => void }) {
  const { state, pending, onSubmit, action } = useFormAction(rollApiKeyAction, initialRoll);
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled; useFormAction never resets the form, so the select shows what is sent.
  const [graceHours, setGraceHours] = useState("");

  if (state.result) {
    const rolled = state.result;
    const oldEnd = rolled.oldExpiresAt.slice(0, 16).replace("T", " ");
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={rolled.secret} title={`New key for "${rolled.name}"`} kind="key">
          <p className="mt-2 text-sm text-emerald-900">
            The old key ({hint}) works until {oldEnd} UTC. Replace it everywhere before then.
          </p>
        </SecretReveal>
        <DoneButton onClick={onClose} />
      </div>
    );
  }

  const graceError = state.errors?.graceHours;
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="keyId" value={keyId} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        &ldquo;{name}&rdquo; (<span className="font-mono">{hint}</span>) is replaced by a new key with the same name,
        user, scopes and expiry. The new key is shown once.
      </p>
      <div>
        <label htmlFor={`grace-${keyId}`} className="block text-sm font-medium">
          Grace period
        </label>
        <select
          id={`grace-${keyId}`}
          name="graceHours"
          required
          value={graceHours}
          onChange={(event) => setGraceHours(event.target.value)}
          aria-invalid={graceError ? true : undefined}
          aria-describedby={[`grace-help-${keyId}`, graceError ? `grace-error-${keyId}` : ""].filter(Boolean).join(" ")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        >
          <option value="">Choose a grace period…</option>
          {ROLL_GRACE_HOURS.map((hours) => (
            <option key={hours} value={hours}>
              {ROLL_GRACE_LABELS[hours]}
            </option>
          ))}
        </select>
        <p id={`grace-help-${keyId}`} className="mt-1 text-sm text-slate-600">
          How long the old key keeps working beside the new one. None: it stops at once.
        </p>
        <FieldError id={`grace-error-${keyId}`} messages={graceError} />
      </div>
      <DialogButtons onCancel={onClose} pending={pending} label="Roll key" pendingLabel="Rolling…" />
    </form>
  );
}

"use client";

import { SecretReveal } from "@/components/credentials/secret-reveal";
import { DialogButtons, DoneButton } from "@/components/forms/dialog";
import { FieldError, FormMessage } from "@/components/forms/form-controls";
import { FormDialog } from "@/components/forms/form-dialog";
import { useFormAction } from "@/components/forms/use-form-action";
import { revealApiKeyAction, type RevealApiKeyState } from "./actions";

/** "Reveal API Key": the super admin's password again, then the key with its clipboard icon. */
export function RevealApiKey() {
  return (
    <FormDialog
      title="Reveal the API Key"
      titleId="reveal-api-key-title"
      trigger={{
        label: "Reveal API Key",
        className: "rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100",
      }}
    >
      {(close) => <RevealForm onClose={close} />}
    </FormDialog>
  );
}

const initial: RevealApiKeyState = {};

function RevealForm({ onClose }: { onClose: () => void }) {
  const { state, pending, onSubmit, action } = useFormAction(revealApiKeyAction, initial);
  if (state.result) {
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={state.result.secret} title="The account's API Key" kind="ak" />
        <DoneButton onClick={onClose} />
      </div>
    );
  }
  const errors = state.errors?.password;
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <FormMessage state={state} />
      <p className="text-sm text-slate-600">
        Enter your password again to see the API Key. Every reveal is recorded in the Audit Log.
      </p>
      <div>
        <label htmlFor="reveal-password" className="block text-sm font-medium">
          Your password
        </label>
        <input
          id="reveal-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
          aria-invalid={errors ? true : undefined}
          aria-describedby={errors ? "reveal-password-error" : undefined}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
        <FieldError id="reveal-password-error" messages={errors} />
      </div>
      <DialogButtons onCancel={onClose} pending={pending} label="Reveal" pendingLabel="Checking…" />
    </form>
  );
}

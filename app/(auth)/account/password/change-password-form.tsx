"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/validations/form-state";
import type { ChangePasswordField } from "@/lib/validations/user-forms";
import {
  FieldError,
  FormMessage,
  SubmitButton,
  describedBy,
  errorId,
  inputClass,
  labelClass,
} from "@/components/forms/form-controls";
import { changeOwnPasswordAction } from "./actions";

const FORM = "change-password";
const initialState: FormState<ChangePasswordField> = {};

const LABELS: Record<ChangePasswordField, string> = {
  currentPassword: "Current password",
  newPassword: "New password",
  confirmPassword: "Confirm new password",
};

export function ChangePasswordForm({ callbackUrl }: { callbackUrl: string | null }) {
  const [state, formAction, isPending] = useActionState(changeOwnPasswordAction, initialState);
  const errors = state.errors ?? {};
  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <FormMessage id={`${FORM}-message`} state={state} />
      {(Object.keys(LABELS) as ChangePasswordField[]).map((name) => (
        <div key={name}>
          <label htmlFor={`${FORM}-${name}`} className={labelClass}>
            {LABELS[name]}
          </label>
          <input
            id={`${FORM}-${name}`}
            name={name}
            type="password"
            autoComplete={name === "currentPassword" ? "current-password" : "new-password"}
            aria-invalid={errors[name] ? true : undefined}
            aria-describedby={describedBy(
              name === "newPassword" && `${FORM}-newPassword-hint`,
              errors[name] && errorId(FORM, name),
            )}
            className={inputClass}
          />
          {name === "newPassword" ? (
            <p id={`${FORM}-newPassword-hint`} className="mt-1 text-xs text-slate-500">
              12 to 128 characters.
            </p>
          ) : null}
          <FieldError id={errorId(FORM, name)} messages={errors[name]} />
        </div>
      ))}
      <SubmitButton pending={isPending} pendingLabel="Saving…">
        Save new password
      </SubmitButton>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/validations/form-state";
import type { SetPasswordField } from "@/lib/validations/user-forms";
import {
  FieldError,
  FormMessage,
  SubmitButton,
  describedBy,
  errorId,
  inputClass,
  labelClass,
} from "@/components/forms/form-controls";
import { setPasswordAction } from "../actions";

const FORM = "set-password";
const initialState: FormState<SetPasswordField> = {};

export function SetPasswordForm({ userId }: { userId: string }) {
  const [state, formAction, isPending] = useActionState(setPasswordAction.bind(null, userId), initialState);
  const errors = state.errors ?? {};
  const field = (name: SetPasswordField) => ({
    id: `${FORM}-${name}`,
    name,
    type: "password",
    autoComplete: "new-password",
    className: inputClass,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": describedBy(errors[name] && errorId(FORM, name)),
  });

  return (
    <form action={formAction} className="mt-2 space-y-4 rounded-lg border border-slate-200 bg-white p-6" noValidate>
      <FormMessage id={`${FORM}-message`} state={state} />
      <div>
        <label htmlFor={`${FORM}-password`} className={labelClass}>
          New password
        </label>
        <input {...field("password")} />
        <FieldError id={errorId(FORM, "password")} messages={errors.password} />
      </div>
      <div>
        <label htmlFor={`${FORM}-confirmPassword`} className={labelClass}>
          Confirm new password
        </label>
        <input {...field("confirmPassword")} />
        <FieldError id={errorId(FORM, "confirmPassword")} messages={errors.confirmPassword} />
      </div>
      <SubmitButton pending={isPending} pendingLabel="Setting password…">
        Set password
      </SubmitButton>
    </form>
  );
}

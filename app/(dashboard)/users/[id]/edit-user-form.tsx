"use client";

import { useActionState } from "react";
import { ROLE_LABELS, STATUSES, STATUS_LABELS, type Role } from "@/lib/access/role-values";
import type { FormState } from "@/lib/validations/form-state";
import type { EditUserField } from "@/lib/validations/user-forms";
import { useFormKey } from "@/components/forms/use-form-key";
import {
  FieldError,
  FormMessage,
  SubmitButton,
  describedBy,
  errorId,
  inputClass,
  labelClass,
} from "@/components/forms/form-controls";
import { updateUserAction } from "../actions";

const FORM = "edit-user";
const initialState: FormState<EditUserField> = {};

export function EditUserForm({
  userId,
  current,
  roleChoices,
}: {
  userId: string;
  current: { name: string; role: string; status: string; isApiUser: boolean };
  roleChoices: Role[];
}) {
  const [state, formAction, isPending] = useActionState(updateUserAction.bind(null, userId), initialState);
  const formKey = useFormKey(state);
  const errors = state.errors ?? {};
  // After a refused save the form shows what was submitted; otherwise the saved user.
  const values = state.values;
  const field = (name: EditUserField, hint?: string) => ({
    id: `${FORM}-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": describedBy(hint, errors[name] && errorId(FORM, name)),
  });

  return (
    <form
      key={formKey}
      action={formAction}
      className="mt-2 space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      noValidate
    >
      <FormMessage id={`${FORM}-message`} state={state} />
      <div>
        <label htmlFor={`${FORM}-name`} className={labelClass}>
          Name
        </label>
        <input
          {...field("name")}
          type="text"
          autoComplete="off"
          defaultValue={values ? (values.name ?? "") : current.name}
          className={inputClass}
        />
        <FieldError id={errorId(FORM, "name")} messages={errors.name} />
      </div>
      <div>
        <label htmlFor={`${FORM}-role`} className={labelClass}>
          Role
        </label>
        <select {...field("role")} defaultValue={values?.role ?? current.role} className={inputClass}>
          {roleChoices.map((value) => (
            <option key={value} value={value}>
              {ROLE_LABELS[value]}
            </option>
          ))}
        </select>
        <FieldError id={errorId(FORM, "role")} messages={errors.role} />
      </div>
      <div>
        <label htmlFor={`${FORM}-status`} className={labelClass}>
          Status
        </label>
        <select {...field("status")} defaultValue={values?.status ?? current.status} className={inputClass}>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {STATUS_LABELS[value]}
            </option>
          ))}
        </select>
        <FieldError id={errorId(FORM, "status")} messages={errors.status} />
      </div>
      <div>
        <div className="flex items-center gap-2">
          <input
            {...field("isApiUser", `${FORM}-isApiUser-hint`)}
            type="checkbox"
            value="on"
            defaultChecked={values ? values.isApiUser === "on" : current.isApiUser}
            className="h-4 w-4"
          />
          <label htmlFor={`${FORM}-isApiUser`} className="text-sm font-medium">
            Set As API User
          </label>
        </div>
        <p id={`${FORM}-isApiUser-hint`} className="mt-1 text-xs text-slate-500">
          API users exist for integrations only: they cannot sign in to the web app, are exempt from password expiry,
          and are the only users that can hold auth tokens.
        </p>
        <FieldError id={errorId(FORM, "isApiUser")} messages={errors.isApiUser} />
      </div>
      <SubmitButton pending={isPending} pendingLabel="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}

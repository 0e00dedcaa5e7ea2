"use client";

import { useActionState, useState } from "react";
import { ROLES, ROLE_LABELS, STATUSES, STATUS_LABELS } from "@/lib/access/role-values";
import type { Choice } from "@/lib/users/affiliation-choices";
import type { FormState } from "@/lib/validations/form-state";
import type { NewUserField } from "@/lib/validations/user-forms";
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
import { createUserAction } from "../actions";

const FORM = "new-user";
const initialState: FormState<NewUserField> = {};

export function NewUserForm({ advertisers, publishers }: { advertisers: Choice[]; publishers: Choice[] }) {
  const [state, formAction, isPending] = useActionState(createUserAction, initialState);
  // Which role is chosen decides whether Advertiser or Publisher is asked for. After a
  // failed submit the role select shows the submitted role again, which is this one.
  const [role, setRole] = useState(state.values?.role ?? "");
  // An API user never signs in, so it is not given a password.
  const [apiUser, setApiUser] = useState(state.values?.apiUser === "on");
  const formKey = useFormKey(state);
  const errors = state.errors ?? {};
  const values = state.values ?? {};
  const field = (name: NewUserField) => ({
    id: `${FORM}-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": describedBy(
      errors[name] && errorId(FORM, name),
      name === "password" && `${FORM}-password-hint`,
    ),
  });

  return (
    <form
      key={formKey}
      action={formAction}
      className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      noValidate
    >
      <FormMessage id={`${FORM}-message`} state={state} />
      <div>
        <label htmlFor={`${FORM}-email`} className={labelClass}>
          Email
        </label>
        <input
          {...field("email")}
          type="email"
          autoComplete="off"
          defaultValue={values.email ?? ""}
          className={inputClass}
        />
        <FieldError id={errorId(FORM, "email")} messages={errors.email} />
      </div>
      <div>
        <label htmlFor={`${FORM}-name`} className={labelClass}>
          Name
        </label>
        <input
          {...field("name")}
          type="text"
          autoComplete="off"
          defaultValue={values.name ?? ""}
          className={inputClass}
        />
        <FieldError id={errorId(FORM, "name")} messages={errors.name} />
      </div>
      <div>
        <label htmlFor={`${FORM}-role`} className={labelClass}>
          Role
        </label>
        <select
          {...field("role")}
          defaultValue={values.role ?? ""}
          onChange={(event) => setRole(event.target.value)}
          className={inputClass}
        >
          <option value="">Choose a role…</option>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {ROLE_LABELS[value]}
            </option>
          ))}
        </select>
        <FieldError id={errorId(FORM, "role")} messages={errors.role} />
      </div>
      {role === "advertiser_user" ? (
        <div>
          <label htmlFor={`${FORM}-advertiserId`} className={labelClass}>
            Advertiser
          </label>
          <select {...field("advertiserId")} defaultValue={values.advertiserId ?? ""} className={inputClass}>
            <option value="">Choose an advertiser…</option>
            {advertisers.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name} ({choice.idFromNetwork})
              </option>
            ))}
          </select>
          <FieldError id={errorId(FORM, "advertiserId")} messages={errors.advertiserId} />
        </div>
      ) : null}
      {role === "publisher_user" ? (
        <div>
          <label htmlFor={`${FORM}-publisherId`} className={labelClass}>
            Publisher
          </label>
          <select {...field("publisherId")} defaultValue={values.publisherId ?? ""} className={inputClass}>
            <option value="">Choose a publisher…</option>
            {publishers.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name} ({choice.idFromNetwork})
              </option>
            ))}
          </select>
          <FieldError id={errorId(FORM, "publisherId")} messages={errors.publisherId} />
        </div>
      ) : null}
      <div>
        <label htmlFor={`${FORM}-status`} className={labelClass}>
          Status
        </label>
        <select {...field("status")} defaultValue={values.status ?? "active"} className={inputClass}>
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
            {...field("apiUser")}
            type="checkbox"
            checked={apiUser}
            onChange={(event) => setApiUser(event.target.checked)}
            aria-describedby={`${FORM}-apiUser-hint`}
            className="h-4 w-4"
          />
          <label htmlFor={`${FORM}-apiUser`} className="text-sm font-medium">
            API user (no sign-in)
          </label>
        </div>
        <p id={`${FORM}-apiUser-hint`} className="mt-1 text-xs text-slate-500">
          For an integration: it can be given auth tokens and cannot sign in to the web app, so it gets no password.
        </p>
      </div>
      {apiUser ? null : (
        <div>
          <label htmlFor={`${FORM}-password`} className={labelClass}>
            Password
          </label>
          <input {...field("password")} type="password" autoComplete="new-password" className={inputClass} />
          <p id={`${FORM}-password-hint`} className="mt-1 text-xs text-slate-500">
            The user&apos;s initial password: 12 to 128 characters. Hand it over safely.
          </p>
          <FieldError id={errorId(FORM, "password")} messages={errors.password} />
        </div>
      )}
      <SubmitButton pending={isPending} pendingLabel="Creating user…">
        Create user
      </SubmitButton>
    </form>
  );
}

"use client";

import { useState } from "react";
import { ExpirationField } from "@/components/credentials/expiration-field";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { DialogButtons, DoneButton } from "@/components/forms/dialog";
import { FieldError, FormMessage } from "@/components/forms/form-controls";
import { FormDialog } from "@/components/forms/form-dialog";
import { useFormAction } from "@/components/forms/use-form-action";
import { createApiKeyAction, type CreateApiKeyState } from "./actions";

interface OwnerOption {
  id: string;
  email: string;
  name: string;
}

/** "Create API Key": the dialog with Name, User, Scopes and an optional Expiration Date. */
export function CreateApiKeyDialog({
  owners,
  scopes,
  today,
  maxDays,
}: {
  owners: OwnerOption[];
  scopes: string[];
  today: string;
  maxDays: number | null;
}) {
  return (
    <FormDialog
      title="Create API Key"
      titleId="create-api-key-title"
      trigger={{
        label: "Create API Key",
        className: "rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800",
      }}
    >
      {(close) => <CreateApiKeyForm owners={owners} scopes={scopes} today={today} maxDays={maxDays} onClose={close} />}
    </FormDialog>
  );
}

const initial: CreateApiKeyState = {};

type Field = "name" | "userId" | "scopes" | "expirationDate";

function CreateApiKeyForm({
  owners,
  scopes,
  today,
  maxDays,
  onClose,
}: {
  owners: OwnerOption[];
  scopes: string[];
  today: string;
  maxDays: number | null;
  onClose: () => void;
}) {
  const { state, pending, onSubmit, action } = useFormAction(createApiKeyAction, initial);
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled; useFormAction never resets the form, so each field shows what is sent.
  const [values, setValues] = useState({ name: "", userId: "" });
  const [chosen, setChosen] = useState<string[]>([]);
  const bind = (field: keyof typeof values) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) =>
      setValues((current) => ({ ...current, [field]: event.target.value })),
  });

  if (state.result) {
    const created = state.result;
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={created.secret} title={`API key "${created.name}" created`} kind="key">
          <p className="mt-2 text-sm text-emerald-900">
            For {created.ownerEmail};{" "}
            {created.scopes.length > 0 ? `scopes: ${created.scopes.join(", ")}` : "with the user's own privileges"};{" "}
            {created.expiresAt ? `expires ${created.expiresAt.slice(0, 10)} at 00:00 UTC` : "never expires"}. Send it as{" "}
            <code>X-API-Key: &lt;key&gt;</code> or <code>Authorization: key &lt;key&gt;</code>.
          </p>
        </SecretReveal>
        <DoneButton onClick={onClose} />
      </div>
    );
  }

  const error = (field: Field) => state.errors?.[field];
  const describedBy = (field: Field, extra?: string) =>
    [extra, error(field) ? `key-${field}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage state={state} />
      <div>
        <label htmlFor="key-name" className="block text-sm font-medium">
          Name
        </label>
        <input
          id="key-name"
          name="name"
          type="text"
          maxLength={100}
          required
          {...bind("name")}
          aria-invalid={error("name") ? true : undefined}
          aria-describedby={describedBy("name")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
        <FieldError id="key-name-error" messages={error("name")} />
      </div>
      <div>
        <label htmlFor="key-user" className="block text-sm font-medium">
          User
        </label>
        <select
          id="key-user"
          name="userId"
          required
          {...bind("userId")}
          aria-invalid={error("userId") ? true : undefined}
          aria-describedby={describedBy("userId", "key-user-help")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        >
          <option value="">Choose a user…</option>
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.name} ({owner.email})
            </option>
          ))}
        </select>
        <p id="key-user-help" className="mt-1 text-sm text-slate-600">
          The key acts as this user, never with more than their privileges. Only active users are offered.
        </p>
        <FieldError id="key-userId-error" messages={error("userId")} />
      </div>
      <fieldset aria-describedby={describedBy("scopes", "key-scopes-help")}>
        <legend className="block text-sm font-medium">Scopes</legend>
        <p id="key-scopes-help" className="text-sm text-slate-600">
          None checked: the user&apos;s own privileges.
        </p>
        <div className="mt-1 grid grid-cols-2 gap-1">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                checked={chosen.includes(scope)}
                onChange={(event) => {
                  const { checked } = event.target;
                  setChosen((current) => (checked ? [...current, scope] : current.filter((s) => s !== scope)));
                }}
              />
              <span className="font-mono">{scope}</span>
            </label>
          ))}
        </div>
        <FieldError id="key-scopes-error" messages={error("scopes")} />
      </fieldset>
      <ExpirationField
        id="key-expiration"
        today={today}
        maxDays={maxDays}
        required={false}
        errors={error("expirationDate")}
        errorId="key-expirationDate-error"
        noun="key"
      />
      <DialogButtons onCancel={onClose} pending={pending} label="Create" pendingLabel="Creating…" />
    </form>
  );
}

"use client";

import { useState } from "react";
import { ExpirationField } from "@/components/credentials/expiration-field";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { DialogButtons, DoneButton } from "@/components/forms/dialog";
import { FieldError, FormMessage } from "@/components/forms/form-controls";
import { FormDialog } from "@/components/forms/form-dialog";
import { useFormAction } from "@/components/forms/use-form-action";
import { PermissionsFieldset, type GrantableOrganization } from "@/components/credentials/permissions-fieldset";
import type { GrantKind } from "@/lib/access/narrowing";
import { ownOrganization } from "@/lib/organizations/reach";
import { createAuthTokenAction, type CreateAuthTokenState } from "./actions";

interface ApiUserOption {
  id: string;
  email: string;
  name: string;
  role: string;
  advertiserId: string | null;
  publisherId: string | null;
}

type Organizations = Record<GrantKind, GrantableOrganization[]>;

/** The part of the network an API user reaches (reach.ts): what their token may be narrowed to. */
function reachedBy(user: ApiUserOption, organizations: Organizations): Organizations {
  const member = { ...user, accountId: "" };
  const of = (kind: GrantKind) => {
    const own = ownOrganization(member, kind);
    return own === undefined
      ? organizations[kind]
      : organizations[kind].filter((organization) => organization.id === own);
  };
  return { advertiser: of("advertiser"), publisher: of("publisher") };
}

/** "Create Auth Token": the dialog with Name, API User and Expiration Date. */
export function CreateAuthTokenDialog({
  apiUsers,
  organizations,
  today,
  maxDays,
  disabledReason,
}: {
  apiUsers: ApiUserOption[];
  organizations: Organizations;
  today: string;
  maxDays: number | null;
  disabledReason: string | null;
}) {
  return (
    <>
      <FormDialog
        title="Create Auth Token"
        titleId="create-auth-token-title"
        trigger={{
          label: "Create Auth Token",
          disabled: disabledReason !== null,
          describedBy: disabledReason ? "create-auth-token-disabled" : undefined,
          className:
            "rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:cursor-not-allowed disabled:opacity-60",
        }}
      >
        {(close) => (
          <CreateAuthTokenForm
            apiUsers={apiUsers}
            organizations={organizations}
            today={today}
            maxDays={maxDays}
            onClose={close}
          />
        )}
      </FormDialog>
      {disabledReason ? (
        <p id="create-auth-token-disabled" className="mt-2 text-sm text-slate-600">
          {disabledReason}
        </p>
      ) : null}
    </>
  );
}

const initial: CreateAuthTokenState = {};

function CreateAuthTokenForm({
  apiUsers,
  organizations,
  today,
  maxDays,
  onClose,
}: {
  apiUsers: ApiUserOption[];
  organizations: Organizations;
  today: string;
  maxDays: number | null;
  onClose: () => void;
}) {
  const { state, pending, onSubmit, action } = useFormAction(createAuthTokenAction, initial);
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled; useFormAction never resets the form, so each field shows what is sent.
  const [values, setValues] = useState({ name: "", apiUserId: "" });
  const bind = (field: keyof typeof values) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) =>
      setValues((current) => ({ ...current, [field]: event.target.value })),
  });

  const apiUser = apiUsers.find((user) => user.id === values.apiUserId);

  if (state.result) {
    const created = state.result;
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={created.secret} title={`Auth token "${created.name}" created`} kind="at">
          <p className="mt-2 text-sm text-emerald-900">
            For {created.apiUserEmail}; expires {created.expiresAt.slice(0, 10)} at 00:00 UTC. Send it with the account
            API Key in the <code>user_key</code> header.
          </p>
        </SecretReveal>
        <DoneButton onClick={onClose} />
      </div>
    );
  }

  const error = (field: keyof typeof values) => state.errors?.[field];
  const describedBy = (field: keyof typeof values, extra?: string) =>
    [extra, error(field) ? `${field}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-600">
        The name, API user and expiration date cannot be changed once the token is created.
      </p>
      <div>
        <label htmlFor="token-name" className="block text-sm font-medium">
          Name
        </label>
        <input
          id="token-name"
          name="name"
          type="text"
          maxLength={100}
          required
          {...bind("name")}
          aria-invalid={error("name") ? true : undefined}
          aria-describedby={describedBy("name")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
        <FieldError id="name-error" messages={error("name")} />
      </div>
      <div>
        <label htmlFor="token-api-user" className="block text-sm font-medium">
          API User
        </label>
        <select
          id="token-api-user"
          name="apiUserId"
          required
          {...bind("apiUserId")}
          aria-invalid={error("apiUserId") ? true : undefined}
          aria-describedby={describedBy("apiUserId", "api-user-help")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        >
          <option value="">Choose an API user…</option>
          {apiUsers.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name} ({user.email})
            </option>
          ))}
        </select>
        <p id="api-user-help" className="mt-1 text-sm text-slate-600">
          Only active users set as API users are offered.
        </p>
        <FieldError id="apiUserId-error" messages={error("apiUserId")} />
      </div>
      <ExpirationField
        id="token-expiration"
        today={today}
        maxDays={maxDays}
        required
        errors={state.errors?.expirationDate}
        noun="token"
      />
      {apiUser ? (
        // A new API user starts the section afresh: what it offers is that user's.
        <PermissionsFieldset
          key={apiUser.id}
          role={apiUser.role}
          ownerLabel="the API user's"
          organizations={reachedBy(apiUser, organizations)}
          errors={state.errors}
        />
      ) : null}
      <DialogButtons onCancel={onClose} pending={pending} label="Create" pendingLabel="Creating…" />
    </form>
  );
}

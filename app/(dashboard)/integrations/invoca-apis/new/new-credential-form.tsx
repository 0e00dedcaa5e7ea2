"use client";

import Link from "next/link";
import { useState } from "react";
import { PermissionsFieldset, type GrantableOrganization } from "@/components/credentials/permissions-fieldset";
import { ExpirationField } from "@/components/credentials/expiration-field";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import type { GrantKind } from "@/lib/access/narrowing";
import { FieldError, FormMessage } from "@/components/forms/form-controls";
import { useFormAction } from "@/components/forms/use-form-action";
import { createApiCredential, type NewApiCredentialState } from "../actions";

const initial: NewApiCredentialState = {};

export function NewCredentialForm({
  role,
  organizations,
  today,
  maxDays,
}: {
  role: string;
  organizations: Record<GrantKind, GrantableOrganization[]>;
  today: string;
  maxDays: number | null;
}) {
  const { state, pending, onSubmit, action } = useFormAction(createApiCredential, initial);
  // One id per shown form: a second submit of the same form is recognised on the server.
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled; useFormAction never resets the form, so the field shows what is sent.
  const [description, setDescription] = useState("");

  if (state.result) {
    return (
      <SecretReveal
        secret={state.result.secret}
        title={`API credential "${state.result.description}" created`}
        kind="pat"
      >
        <p className="mt-2 text-sm text-emerald-900">
          {state.result.expiresAt
            ? `It expires ${state.result.expiresAt.slice(0, 10)} at 00:00 UTC.`
            : "It never expires; revoke it when it is no longer needed."}
        </p>
        <p className="mt-3 text-sm">
          <Link href="/integrations/invoca-apis" className="font-medium text-indigo-700 underline">
            Back to Invoca APIs
          </Link>
        </p>
      </SecretReveal>
    );
  }

  const errors = state.errors?.description;
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage state={state} />
      <div>
        <label htmlFor="description" className="block text-sm font-medium">
          Description
        </label>
        <input
          id="description"
          name="description"
          type="text"
          required
          maxLength={200}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          aria-invalid={errors ? true : undefined}
          aria-describedby={["description-help", errors ? "description-error" : ""].filter(Boolean).join(" ")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 aria-invalid:border-red-500"
        />
        <p id="description-help" className="mt-1 text-sm text-slate-600">
          Required. Make it a label that identifies the API type and its intended use, for example &ldquo;Reporting API
          – nightly call export to the data warehouse&rdquo;.
        </p>
        <FieldError id="description-error" messages={errors} />
      </div>
      <ExpirationField
        id="expiration"
        today={today}
        maxDays={maxDays}
        required={false}
        errors={state.errors?.expirationDate}
        noun="credential"
      />
      <PermissionsFieldset role={role} ownerLabel="your" organizations={organizations} errors={state.errors} />
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save"}
        </button>
        <Link href="/integrations/invoca-apis" className="text-sm text-slate-700 underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}

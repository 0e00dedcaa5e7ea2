"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { FieldError, FormMessage } from "@/components/ui/field-error";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { createApiCredential, type NewApiCredentialState } from "../actions";

export function NewCredentialForm() {
  const [state, formAction, pending] = useActionState<NewApiCredentialState, FormData>(createApiCredential, {});
  // One id per shown form: a second submit of the same form is recognised on the server.
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled, so React's reset of a submitted form never wipes what the user typed.
  const [description, setDescription] = useState("");
  const submitting = useRef(false);
  // Each answer re-opens the form for the next submit (after fixing a field, say).
  useEffect(() => {
    submitting.current = false;
  }, [state]);

  if (state.created) {
    return (
      <SecretReveal secret={state.created.secret} title={`API credential "${state.created.description}" created`}>
        <p className="mt-3 text-sm">
          <Link href="/integrations/invoca-apis" className="font-medium text-indigo-700 underline">Back to Invoca APIs</Link>
        </p>
      </SecretReveal>
    );
  }

  const errors = state.errors?.description;
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        // isPending arrives a render later than a fast second click; this ref does not.
        if (submitting.current) event.preventDefault();
        submitting.current = true;
      }}
      className="space-y-4"
      noValidate
    >
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage message={state.message} />
      <div>
        <label htmlFor="description" className="block text-sm font-medium">Description</label>
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
          Strongly recommended: a descriptive label that identifies the API type and its intended use, for example &ldquo;Reporting API – nightly call export to the data warehouse&rdquo;.
        </p>
        <FieldError id="description-error" errors={errors} />
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60">
          {pending ? "Saving…" : "Save"}
        </button>
        <Link href="/integrations/invoca-apis" className="text-sm text-slate-700 underline">Cancel</Link>
      </div>
    </form>
  );
}

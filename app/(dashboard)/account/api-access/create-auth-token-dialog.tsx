"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { FieldError, FormMessage } from "@/components/ui/field-error";
import { createAuthTokenAction, type CreateAuthTokenState } from "./actions";

interface ApiUserOption {
  id: string;
  email: string;
  name: string;
}

/** "Create Auth Token": the dialog with Name, API User and Expiration Date. */
export function CreateAuthTokenDialog({ apiUsers, minDate, disabledReason }: { apiUsers: ApiUserOption[]; minDate: string; disabledReason: string | null }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  // A new form (and request id) each time the dialog opens; none while it is closed, so a
  // shown token leaves the page when the dialog closes.
  const [generation, setGeneration] = useState(0);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        disabled={disabledReason !== null}
        aria-describedby={disabledReason ? "create-auth-token-disabled" : undefined}
        onClick={() => {
          setGeneration((n) => n + 1);
          setOpen(true);
          dialog.current?.showModal();
        }}
        className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:cursor-not-allowed disabled:opacity-60"
      >
        Create Auth Token
      </button>
      {disabledReason ? <p id="create-auth-token-disabled" className="mt-2 text-sm text-slate-600">{disabledReason}</p> : null}
      <dialog
        ref={dialog}
        aria-labelledby="create-auth-token-title"
        onClose={() => {
          setOpen(false);
          router.refresh();
        }}
        className="m-auto w-full max-w-lg rounded-lg p-0 backdrop:bg-slate-900/40"
      >
        <div className="p-5">
          <h2 id="create-auth-token-title" className="text-lg font-semibold">Create Auth Token</h2>
          {open ? <CreateAuthTokenForm key={generation} apiUsers={apiUsers} minDate={minDate} onClose={() => dialog.current?.close()} /> : null}
        </div>
      </dialog>
    </>
  );
}

function CreateAuthTokenForm({ apiUsers, minDate, onClose }: { apiUsers: ApiUserOption[]; minDate: string; onClose: () => void }) {
  const [state, formAction, pending] = useActionState<CreateAuthTokenState, FormData>(createAuthTokenAction, {});
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled, so React's reset of a submitted form never wipes what the user typed.
  const [values, setValues] = useState({ name: "", apiUserId: "", expirationDate: "" });
  const bind = (field: keyof typeof values) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value })),
  });
  const submitting = useRef(false);
  // Each answer re-opens the form for the next submit (after fixing a field, say).
  useEffect(() => {
    submitting.current = false;
  }, [state]);

  if (state.created) {
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={state.created.secret} title={`Auth token "${state.created.name}" created`}>
          <p className="mt-2 text-sm text-emerald-900">
            For {state.created.apiUserEmail}; expires {state.created.expiresAt.slice(0, 10)} at 00:00 UTC. Send it with the account API Key in the <code>user_key</code> header.
          </p>
        </SecretReveal>
        <div className="flex justify-end">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Done</button>
        </div>
      </div>
    );
  }

  const error = (field: "name" | "apiUserId" | "expirationDate") => state.errors?.[field];
  const describedBy = (field: string, extra?: string) => [extra, error(field as "name") ? `${field}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (submitting.current) event.preventDefault();
        submitting.current = true;
      }}
      className="mt-4 space-y-4"
      noValidate
    >
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage message={state.message} />
      <p className="text-sm text-slate-600">The name, API user and expiration date cannot be changed once the token is created.</p>
      <div>
        <label htmlFor="token-name" className="block text-sm font-medium">Name</label>
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
        <FieldError id="name-error" errors={error("name")} />
      </div>
      <div>
        <label htmlFor="token-api-user" className="block text-sm font-medium">API User</label>
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
            <option key={user.id} value={user.id}>{user.name} ({user.email})</option>
          ))}
        </select>
        <p id="api-user-help" className="mt-1 text-sm text-slate-600">Only active users set as API users are offered.</p>
        <FieldError id="apiUserId-error" errors={error("apiUserId")} />
      </div>
      <div>
        <label htmlFor="token-expiration" className="block text-sm font-medium">Expiration Date</label>
        <input
          id="token-expiration"
          name="expirationDate"
          type="date"
          min={minDate}
          required
          {...bind("expirationDate")}
          aria-invalid={error("expirationDate") ? true : undefined}
          aria-describedby={describedBy("expirationDate", "expiration-help")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
        <p id="expiration-help" className="mt-1 text-sm text-slate-600">The token expires at midnight UTC (00:00) at the start of the selected date. The date must be in the future.</p>
        <FieldError id="expirationDate-error" errors={error("expirationDate")} />
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
        <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60">
          {pending ? "Creating…" : "Create"}
        </button>
      </div>
    </form>
  );
}

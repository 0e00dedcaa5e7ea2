"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { FieldError, FormMessage } from "@/components/ui/field-error";
import { createApiKeyAction, type CreateApiKeyState } from "./actions";

interface OwnerOption {
  id: string;
  email: string;
  name: string;
}

/** "Create API Key": the dialog with Name, User, Scopes and an optional Expiration Date. */
export function CreateApiKeyDialog({ owners, scopes, minDate }: { owners: OwnerOption[]; scopes: string[]; minDate: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  // A new form (and request id) each time the dialog opens; none while it is closed, so a
  // shown key leaves the page when the dialog closes.
  const [generation, setGeneration] = useState(0);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setGeneration((n) => n + 1);
          setOpen(true);
          dialog.current?.showModal();
        }}
        className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800"
      >
        Create API Key
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="create-api-key-title"
        onClose={() => {
          setOpen(false);
          router.refresh();
        }}
        className="m-auto w-full max-w-lg rounded-lg p-0 backdrop:bg-slate-900/40"
      >
        <div className="p-5">
          <h2 id="create-api-key-title" className="text-lg font-semibold">Create API Key</h2>
          {open ? <CreateApiKeyForm key={generation} owners={owners} scopes={scopes} minDate={minDate} onClose={() => dialog.current?.close()} /> : null}
        </div>
      </dialog>
    </>
  );
}

type Field = "name" | "userId" | "scopes" | "expirationDate";

function CreateApiKeyForm({ owners, scopes, minDate, onClose }: { owners: OwnerOption[]; scopes: string[]; minDate: string; onClose: () => void }) {
  const [state, formAction, pending] = useActionState<CreateApiKeyState, FormData>(createApiKeyAction, {});
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled, so React's reset of a submitted form never wipes what the user chose.
  const [values, setValues] = useState({ name: "", userId: "", expirationDate: "" });
  const [chosen, setChosen] = useState<string[]>([]);
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
    const { created } = state;
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={created.secret} title={`API key "${created.name}" created`}>
          <p className="mt-2 text-sm text-emerald-900">
            For {created.ownerEmail}; {created.scopes.length > 0 ? `scopes: ${created.scopes.join(", ")}` : "with the user's own privileges"};{" "}
            {created.expiresAt ? `expires ${created.expiresAt.slice(0, 10)} at 00:00 UTC` : "never expires"}. Send it as <code>X-API-Key: &lt;key&gt;</code> or <code>Authorization: key &lt;key&gt;</code>.
          </p>
        </SecretReveal>
        <div className="flex justify-end">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Done</button>
        </div>
      </div>
    );
  }

  const error = (field: Field) => state.errors?.[field];
  const describedBy = (field: Field, extra?: string) => [extra, error(field) ? `key-${field}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <form
      // Submitted here rather than through action={formAction}: React resets a form after its
      // action runs, and that reset unticks controlled checkboxes on the page while their state
      // still says ticked, so a corrected and resent form silently lost its scopes.
      onSubmit={(event) => {
        event.preventDefault();
        if (submitting.current) return;
        submitting.current = true;
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="mt-4 space-y-4"
      noValidate
    >
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage message={state.message} />
      <div>
        <label htmlFor="key-name" className="block text-sm font-medium">Name</label>
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
        <FieldError id="key-name-error" errors={error("name")} />
      </div>
      <div>
        <label htmlFor="key-user" className="block text-sm font-medium">User</label>
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
            <option key={owner.id} value={owner.id}>{owner.name} ({owner.email})</option>
          ))}
        </select>
        <p id="key-user-help" className="mt-1 text-sm text-slate-600">The key acts as this user, never with more than their privileges. Only active users are offered.</p>
        <FieldError id="key-userId-error" errors={error("userId")} />
      </div>
      <fieldset aria-describedby={describedBy("scopes", "key-scopes-help")}>
        <legend className="block text-sm font-medium">Scopes</legend>
        <p id="key-scopes-help" className="text-sm text-slate-600">None checked: the user&apos;s own privileges.</p>
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
        <FieldError id="key-scopes-error" errors={error("scopes")} />
      </fieldset>
      <div>
        <label htmlFor="key-expiration" className="block text-sm font-medium">Expiration Date (optional)</label>
        <input
          id="key-expiration"
          name="expirationDate"
          type="date"
          min={minDate}
          {...bind("expirationDate")}
          aria-invalid={error("expirationDate") ? true : undefined}
          aria-describedby={describedBy("expirationDate", "key-expiration-help")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
        <p id="key-expiration-help" className="mt-1 text-sm text-slate-600">Empty: the key never expires. Otherwise it expires at midnight UTC (00:00) at the start of the selected date, which must be in the future.</p>
        <FieldError id="key-expirationDate-error" errors={error("expirationDate")} />
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

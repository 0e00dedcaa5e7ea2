"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { CopyButton } from "@/components/ui/copy-button";
import { FieldError, FormMessage } from "@/components/ui/field-error";
import { CLIENT_TYPE_LABELS, CLIENT_TYPES, GRANT_TYPE_LABELS, GRANT_TYPES, type ClientType, type GrantType } from "@/lib/validations/oauth-client";
import { registerOAuthAppAction, type RegisterOAuthAppState } from "./actions";

interface OwnerOption {
  id: string;
  email: string;
  name: string;
}

/** "Register OAuth App": the dialog with Name, Redirect URIs, Grants, Scopes, Acts as user and introspection. */
export function RegisterOAuthAppDialog({ owners, scopes }: { owners: OwnerOption[]; scopes: string[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  // A new form (and request id) each time the dialog opens; none while it is closed, so a
  // shown secret leaves the page when the dialog closes.
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
        Register OAuth App
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="register-oauth-app-title"
        onClose={() => {
          setOpen(false);
          router.refresh();
        }}
        className="m-auto w-full max-w-xl rounded-lg p-0 backdrop:bg-slate-900/40"
      >
        <div className="p-5">
          <h2 id="register-oauth-app-title" className="text-lg font-semibold">Register OAuth App</h2>
          {open ? <RegisterOAuthAppForm key={generation} owners={owners} scopes={scopes} onClose={() => dialog.current?.close()} /> : null}
        </div>
      </dialog>
    </>
  );
}

type Field = "name" | "clientType" | "redirectUris" | "grantTypes" | "scopes" | "serviceUserId" | "canIntrospect";

function RegisterOAuthAppForm({ owners, scopes, onClose }: { owners: OwnerOption[]; scopes: string[]; onClose: () => void }) {
  const [state, formAction, pending] = useActionState<RegisterOAuthAppState, FormData>(registerOAuthAppAction, {});
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled, so React's reset of a submitted form never wipes what the user typed or chose.
  const [values, setValues] = useState({ name: "", redirectUris: "", serviceUserId: "" });
  const [grants, setGrants] = useState<GrantType[]>([]);
  const [chosenScopes, setChosenScopes] = useState<string[]>([]);
  const [canIntrospect, setCanIntrospect] = useState(false);
  const [clientType, setClientType] = useState<ClientType>("confidential");
  const bind = (field: keyof typeof values) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value })),
  });
  const submitting = useRef(false);
  // Each answer re-opens the form for the next submit (after fixing a field, say).
  useEffect(() => {
    submitting.current = false;
  }, [state]);

  if (state.registered) {
    const { registered } = state;
    return (
      <div className="mt-4 space-y-4">
        <div>
          <label htmlFor="new-client-id" className="block text-sm font-medium">Client ID</label>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <input
              id="new-client-id"
              readOnly
              value={registered.clientId}
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.currentTarget.select()}
              className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
            />
            <CopyButton value={registered.clientId} label="Copy client ID" />
          </div>
          <p className="mt-1 text-sm text-slate-600">Not a secret: the app sends it with its secret. It stays visible on the OAuth Apps page.</p>
        </div>
        {registered.secret ? (
          <SecretReveal secret={registered.secret} title={`Client secret of "${registered.name}"`}>
            <p className="mt-2 text-sm text-emerald-900">
              Grants: {registered.grants.join(", ")}; scopes: {registered.scopes.join(", ")}. The app authenticates at <code>POST /oauth2/token</code> with HTTP Basic
              (client ID and secret) or with <code>client_id</code> and <code>client_secret</code> in the form body.
            </p>
          </SecretReveal>
        ) : (
          <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
            &ldquo;{registered.name}&rdquo; is registered as a public client: it has no secret. It sends only its <code>client_id</code> to{" "}
            <code>POST /oauth2/token</code>, and the PKCE <code>code_verifier</code> proves the code is its own. Scopes: {registered.scopes.join(", ")}.
          </p>
        )}
        <div className="flex justify-end">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Done</button>
        </div>
      </div>
    );
  }

  const clientCredentials = grants.includes("client_credentials");
  const error = (field: Field) => state.errors?.[field];
  const describedBy = (field: Field, extra?: string) => [extra, error(field) ? `app-${field}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <form
      // Submitted here rather than through action={formAction}: React resets a form after its
      // action runs, and that reset unticks controlled checkboxes in the page while their state
      // still says ticked (text fields survive it), so a fixed and resent form lost its grants.
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
        <label htmlFor="app-name" className="block text-sm font-medium">Name</label>
        <input
          id="app-name"
          name="name"
          type="text"
          maxLength={100}
          required
          {...bind("name")}
          aria-invalid={error("name") ? true : undefined}
          aria-describedby={describedBy("name")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
        <FieldError id="app-name-error" errors={error("name")} />
      </div>
      <fieldset aria-describedby={describedBy("clientType")}>
        <legend className="block text-sm font-medium">Client type</legend>
        <div className="mt-1 space-y-1">
          {CLIENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm">
              <input type="radio" name="clientType" value={type} checked={clientType === type} onChange={() => setClientType(type)} className="mt-1" />
              <span>{CLIENT_TYPE_LABELS[type]}</span>
            </label>
          ))}
        </div>
        <FieldError id="app-clientType-error" errors={error("clientType")} />
      </fieldset>
      <div>
        <label htmlFor="app-redirect-uris" className="block text-sm font-medium">Redirect URIs</label>
        <textarea
          id="app-redirect-uris"
          name="redirectUris"
          rows={3}
          spellCheck={false}
          {...bind("redirectUris")}
          aria-invalid={error("redirectUris") ? true : undefined}
          aria-describedby={describedBy("redirectUris", "app-redirect-uris-help")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 font-mono text-sm"
        />
        <p id="app-redirect-uris-help" className="mt-1 text-sm text-slate-600">
          One per line; needed for the authorization code grant. Use https, plain http only for localhost, 127.0.0.1 or [::1], or an app&apos;s reverse-DNS scheme
          (<code>com.example.app:/callback</code>). The redirect URI of a request must match one of these exactly.
        </p>
        <FieldError id="app-redirectUris-error" errors={error("redirectUris")} />
      </div>
      <fieldset aria-describedby={describedBy("grantTypes")}>
        <legend className="block text-sm font-medium">Grants</legend>
        <div className="mt-1 space-y-1">
          {GRANT_TYPES.map((grant) => (
            <label key={grant} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="grantTypes"
                value={grant}
                checked={grants.includes(grant)}
                onChange={(event) => {
                  const { checked } = event.target;
                  setGrants((current) => (checked ? [...current, grant] : current.filter((g) => g !== grant)));
                }}
              />
              {GRANT_TYPE_LABELS[grant]}
            </label>
          ))}
        </div>
        <FieldError id="app-grantTypes-error" errors={error("grantTypes")} />
      </fieldset>
      <fieldset aria-describedby={describedBy("scopes", "app-scopes-help")}>
        <legend className="block text-sm font-medium">Scopes</legend>
        <p id="app-scopes-help" className="text-sm text-slate-600">The most a token of this app may carry; never more than its user&apos;s own privileges.</p>
        <div className="mt-1 grid grid-cols-2 gap-1">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                checked={chosenScopes.includes(scope)}
                onChange={(event) => {
                  const { checked } = event.target;
                  setChosenScopes((current) => (checked ? [...current, scope] : current.filter((s) => s !== scope)));
                }}
              />
              <span className="font-mono">{scope}</span>
            </label>
          ))}
        </div>
        <FieldError id="app-scopes-error" errors={error("scopes")} />
      </fieldset>
      <div>
        <label htmlFor="app-service-user" className="block text-sm font-medium">Acts as user</label>
        <select
          id="app-service-user"
          name="serviceUserId"
          // Only the client credentials grant uses it; a disabled select is not submitted.
          disabled={!clientCredentials}
          required={clientCredentials}
          {...bind("serviceUserId")}
          aria-invalid={error("serviceUserId") ? true : undefined}
          aria-describedby={describedBy("serviceUserId", "app-service-user-help")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 disabled:bg-slate-100 disabled:text-slate-500"
        >
          <option value="">Choose a user…</option>
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>{owner.name} ({owner.email})</option>
          ))}
        </select>
        <p id="app-service-user-help" className="mt-1 text-sm text-slate-600">
          Required for Client credentials: those tokens carry this user&apos;s privileges, narrowed to the scopes above. Only active users are offered. With the
          authorization code grant, tokens act as the user who allowed the app.
        </p>
        <FieldError id="app-serviceUserId-error" errors={error("serviceUserId")} />
      </div>
      <div>
        <label className="flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            name="canIntrospect"
            checked={canIntrospect}
            onChange={(event) => setCanIntrospect(event.target.checked)}
            aria-describedby={describedBy("canIntrospect", "app-introspect-help")}
          />
          May introspect tokens
        </label>
        <p id="app-introspect-help" className="mt-1 text-sm text-slate-600">
          Lets the app call <code>POST /oauth2/introspect</code> to check any credential of this account (for the company&apos;s other services).
        </p>
        <FieldError id="app-canIntrospect-error" errors={error("canIntrospect")} />
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
        <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60">
          {pending ? "Registering…" : "Register"}
        </button>
      </div>
    </form>
  );
}

"use client";

import { useState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { DialogButtons, DoneButton } from "@/components/forms/dialog";
import { FieldError, FormMessage } from "@/components/forms/form-controls";
import { FormDialog } from "@/components/forms/form-dialog";
import { useFormAction } from "@/components/forms/use-form-action";
import { CopyButton } from "@/components/ui/copy-button";
import {
  CLIENT_TYPE_LABELS,
  CLIENT_TYPES,
  GRANT_TYPE_LABELS,
  GRANT_TYPES,
  type ClientType,
  type GrantType,
} from "@/lib/validations/oauth-client-values";
import { registerOAuthAppAction, type RegisterOAuthAppState } from "./actions";

interface OwnerOption {
  id: string;
  email: string;
  name: string;
}

/** "Register OAuth App": the dialog with Name, Redirect URIs, Grants, Scopes, Acts as user and introspection. */
export function RegisterOAuthAppDialog({ owners, scopes }: { owners: OwnerOption[]; scopes: string[] }) {
  return (
    <FormDialog
      title="Register OAuth App"
      titleId="register-oauth-app-title"
      width="xl"
      trigger={{
        label: "Register OAuth App",
        className: "rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800",
      }}
    >
      {(close) => <RegisterOAuthAppForm owners={owners} scopes={scopes} onClose={close} />}
    </FormDialog>
  );
}

const initial: RegisterOAuthAppState = {};

type Field = "name" | "clientType" | "redirectUris" | "grantTypes" | "scopes" | "serviceUserId" | "canIntrospect";

function RegisterOAuthAppForm({
  owners,
  scopes,
  onClose,
}: {
  owners: OwnerOption[];
  scopes: string[];
  onClose: () => void;
}) {
  const { state, pending, onSubmit, action } = useFormAction(registerOAuthAppAction, initial);
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled; useFormAction never resets the form, so each field shows what is sent.
  const [values, setValues] = useState({ name: "", redirectUris: "", serviceUserId: "" });
  const [grants, setGrants] = useState<GrantType[]>([]);
  const [chosenScopes, setChosenScopes] = useState<string[]>([]);
  const [canIntrospect, setCanIntrospect] = useState(false);
  const [clientType, setClientType] = useState<ClientType>("confidential");
  const bind = (field: keyof typeof values) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) =>
      setValues((current) => ({ ...current, [field]: event.target.value })),
  });

  if (state.result) {
    const registered = state.result;
    return (
      <div className="mt-4 space-y-4">
        <div>
          <label htmlFor="new-client-id" className="block text-sm font-medium">
            Client ID
          </label>
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
          <p className="mt-1 text-sm text-slate-600">
            Not a secret: the app sends it with its secret. It stays visible on the OAuth Apps page.
          </p>
        </div>
        {registered.secret ? (
          <SecretReveal
            secret={registered.secret}
            title={`Client secret of "${registered.name}"`}
            kind="cs"
            clientId={registered.clientId}
            clientCredentials={grants.includes("client_credentials")}
          >
            <p className="mt-2 text-sm text-emerald-900">
              Grants: {registered.grants.join(", ")}; scopes: {registered.scopes.join(", ")}. The app authenticates at{" "}
              <code>POST /oauth2/token</code> with HTTP Basic (client ID and secret) or with <code>client_id</code> and{" "}
              <code>client_secret</code> in the form body.
            </p>
          </SecretReveal>
        ) : (
          <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
            &ldquo;{registered.name}&rdquo; is registered as a public client: it has no secret. It sends only its{" "}
            <code>client_id</code> to <code>POST /oauth2/token</code>, and the PKCE <code>code_verifier</code> proves
            the code is its own. Scopes: {registered.scopes.join(", ")}.
          </p>
        )}
        <DoneButton onClick={onClose} />
      </div>
    );
  }

  const clientCredentials = grants.includes("client_credentials");
  const error = (field: Field) => state.errors?.[field];
  const describedBy = (field: Field, extra?: string) =>
    [extra, error(field) ? `app-${field}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage state={state} />
      <div>
        <label htmlFor="app-name" className="block text-sm font-medium">
          Name
        </label>
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
        <FieldError id="app-name-error" messages={error("name")} />
      </div>
      <fieldset aria-describedby={describedBy("clientType")}>
        <legend className="block text-sm font-medium">Client type</legend>
        <div className="mt-1 space-y-1">
          {CLIENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="clientType"
                value={type}
                checked={clientType === type}
                onChange={() => setClientType(type)}
                className="mt-1"
              />
              <span>{CLIENT_TYPE_LABELS[type]}</span>
            </label>
          ))}
        </div>
        <FieldError id="app-clientType-error" messages={error("clientType")} />
      </fieldset>
      <div>
        <label htmlFor="app-redirect-uris" className="block text-sm font-medium">
          Redirect URIs
        </label>
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
          One per line; needed for the authorization code grant. Use https, plain http only for localhost, 127.0.0.1 or
          [::1], or an app&apos;s reverse-DNS scheme (<code>com.example.app:/callback</code>). The redirect URI of a
          request must match one of these exactly.
        </p>
        <FieldError id="app-redirectUris-error" messages={error("redirectUris")} />
      </div>
      <fieldset aria-describedby={describedBy("grantTypes", "app-grantTypes-help")}>
        <legend className="block text-sm font-medium">Grants</legend>
        <p id="app-grantTypes-help" className="text-sm text-slate-600">
          Refresh tokens let an app renew its hourly access token without asking the user again: each one works once (a
          reused one revokes all of the app&apos;s tokens from that consent), lapses after 14 days unused, and the user
          is asked again 30 days after they allowed the app.
        </p>
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
        <FieldError id="app-grantTypes-error" messages={error("grantTypes")} />
      </fieldset>
      <fieldset aria-describedby={describedBy("scopes", "app-scopes-help")}>
        <legend className="block text-sm font-medium">Scopes</legend>
        <p id="app-scopes-help" className="text-sm text-slate-600">
          The most a token of this app may carry; never more than its user&apos;s own privileges. openid, profile and
          email let the app sign users in (OpenID Connect: an ID token, UserInfo) and open no API route.
        </p>
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
        <FieldError id="app-scopes-error" messages={error("scopes")} />
      </fieldset>
      <div>
        <label htmlFor="app-service-user" className="block text-sm font-medium">
          Acts as user
        </label>
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
            <option key={owner.id} value={owner.id}>
              {owner.name} ({owner.email})
            </option>
          ))}
        </select>
        <p id="app-service-user-help" className="mt-1 text-sm text-slate-600">
          Required for Client credentials: those tokens carry this user&apos;s privileges, narrowed to the scopes above.
          Only active users are offered. With the authorization code grant, tokens act as the user who allowed the app.
        </p>
        <FieldError id="app-serviceUserId-error" messages={error("serviceUserId")} />
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
          Lets the app call <code>POST /oauth2/introspect</code> to check any credential of this account (for the
          company&apos;s other services).
        </p>
        <FieldError id="app-canIntrospect-error" messages={error("canIntrospect")} />
      </div>
      <DialogButtons onCancel={onClose} pending={pending} label="Register" pendingLabel="Registering…" />
    </form>
  );
}

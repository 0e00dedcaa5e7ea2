"use client";

import { useActionState, useState } from "react";
import type { ApiSettings } from "@/lib/credentials/api-settings";
import type { FormState } from "@/lib/validations/form-state";
import { saveApiSettings } from "./actions";

export function SettingsForm({ settings }: { settings: ApiSettings }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(saveApiSettings, {});
  // Controlled: React resets a submitted form, and these must show what was saved.
  const [values, setValues] = useState(settings);
  return (
    <form action={formAction} className="space-y-5">
      <div className="flex gap-3">
        <input
          id="allowQueryTokens"
          name="allowQueryTokens"
          type="checkbox"
          checked={values.allowQueryTokens}
          onChange={(e) => setValues({ ...values, allowQueryTokens: e.target.checked })}
          aria-describedby="allowQueryTokens-help"
          className="mt-1"
        />
        <div>
          <label htmlFor="allowQueryTokens" className="font-medium">
            Accept tokens in the query string
          </label>
          <p id="allowQueryTokens-help" className="text-sm text-slate-600">
            The Invoca legacy <code>?oauth_token=</code> (and TrackVia&apos;s <code>?access_token=</code>) on GET
            requests. URLs end up in proxy logs and browser history; switch this off once your integrations send the
            Authorization header. OAuth access tokens are never accepted there.
          </p>
        </div>
      </div>
      <div className="flex gap-3">
        <input
          id="allowTokenExchange"
          name="allowTokenExchange"
          type="checkbox"
          checked={values.allowTokenExchange}
          onChange={(e) => setValues({ ...values, allowTokenExchange: e.target.checked })}
          aria-describedby="allowTokenExchange-help"
          className="mt-1"
        />
        <div>
          <label htmlFor="allowTokenExchange" className="font-medium">
            Token exchange endpoint (email + password)
          </label>
          <p id="allowTokenExchange-help" className="text-sm text-slate-600">
            <code>POST /api/v2/api_tokens</code> turns a user&apos;s password into an API token (Deskpro&apos;s legacy
            method, not recommended). Rate-limited and audited; switch it off if nobody needs it.
          </p>
        </div>
      </div>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save"}
        </button>
        {state.message ? (
          <p
            role={state.ok ? "status" : "alert"}
            className={state.ok ? "text-sm text-emerald-800" : "text-sm text-red-700"}
          >
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}

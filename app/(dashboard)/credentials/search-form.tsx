"use client";

// The search box: a name, an owner's email, a hint, or a whole pasted secret. Posted to a
// server action (never a GET), so a secret is never in the URL or the browser's history. The
// field is controlled, so what was typed stays after an error; a secret never comes back from
// the server.
import { useActionState, useState } from "react";
import { describedBy, errorId, FieldError, SubmitButton } from "@/components/forms/form-controls";
import { searchCredentialsAction, type SearchState } from "./search-actions";

const initialState: SearchState = {};
const FORM_ID = "credential-search";

export function CredentialSearchForm({ current }: { current: string | undefined }) {
  const [state, formAction, isPending] = useActionState(searchCredentialsAction, initialState);
  const [query, setQuery] = useState(current ?? "");
  const errors = state.errors?.query;
  return (
    <form
      action={formAction}
      aria-label="Search the credentials"
      className="flex flex-wrap items-start gap-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="min-w-72 flex-1">
        <label htmlFor={`${FORM_ID}-query`} className="block text-sm font-medium">
          Search
        </label>
        <input
          id={`${FORM_ID}-query`}
          name="query"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          aria-invalid={errors ? true : undefined}
          aria-describedby={describedBy(`${FORM_ID}-help`, errors && errorId(FORM_ID, "query"))}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 font-mono text-sm"
        />
        <p id={`${FORM_ID}-help`} className="mt-1 text-xs text-slate-600">
          A name, an owner&apos;s email or a hint, or paste a whole secret (kw_…) to find whose it is. A secret is
          looked up by its keyed hash and never kept or shown in the address bar.
        </p>
        <FieldError id={errorId(FORM_ID, "query")} messages={errors} />
      </div>
      <div className="pt-6">
        <SubmitButton pending={isPending} pendingLabel="Finding…">
          Find
        </SubmitButton>
      </div>
    </form>
  );
}

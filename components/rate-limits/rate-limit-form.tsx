"use client";
// A rate-limit form: no limit of its own (the account default, or none for the default itself),
// or N requests per second, minute or hour. Each field's error sits under it.
import { useState } from "react";
import { FieldError, FormMessage, describedBy, errorId } from "@/components/forms/form-controls";
import { useFormAction } from "@/components/forms/use-form-action";
import type { RateLimitFormState } from "@/lib/credential-controls/rate-limit-form-action";
import type { RateLimitPolicy } from "@/lib/rate-limits/policy";
import { RATE_LIMIT_WINDOWS } from "@/lib/rate-limits/windows";

const initial: RateLimitFormState = {};

export function RateLimitForm({
  formId,
  action,
  current,
  noLimitLabel,
  hidden = {},
  submitLabel = "Save rate limit",
  onCancel,
}: {
  formId: string;
  action: (state: RateLimitFormState, data: FormData) => Promise<RateLimitFormState>;
  current: RateLimitPolicy | null;
  /** The choice without a limit of its own: "Use the account default (…)", or "No default limit". */
  noLimitLabel: string;
  /** Which credential or app the form is for. */
  hidden?: Record<string, string>;
  submitLabel?: string;
  /** In a dialog: its Cancel button. */
  onCancel?: () => void;
}) {
  const { state, pending, onSubmit, action: dispatch } = useFormAction(action, initial);
  const [mode, setMode] = useState(current ? "own" : "default");
  const limitError = errorId(formId, "limit");
  const windowError = errorId(formId, "window");
  return (
    <form action={dispatch} onSubmit={onSubmit} className="space-y-4" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormMessage state={state} />
      <fieldset className="space-y-3">
        <legend className="sr-only">Rate limit</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="mode"
            value="default"
            checked={mode === "default"}
            onChange={() => setMode("default")}
          />
          {noLimitLabel}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="own" checked={mode === "own"} onChange={() => setMode("own")} />
          Limit it to
        </label>
        <div className="flex flex-wrap items-start gap-3 pl-6">
          <div>
            <label htmlFor={`${formId}-limit`} className="block text-sm font-medium">
              Requests
            </label>
            <input
              id={`${formId}-limit`}
              name="limit"
              type="number"
              inputMode="numeric"
              min={1}
              defaultValue={current?.limit ?? ""}
              onFocus={() => setMode("own")}
              aria-invalid={state.errors?.limit ? true : undefined}
              aria-describedby={describedBy(state.errors?.limit && limitError)}
              className="mt-1 w-32 rounded border border-slate-300 bg-white px-3 py-2 aria-[invalid=true]:border-red-500"
            />
            <FieldError id={limitError} messages={state.errors?.limit} />
          </div>
          <div>
            <label htmlFor={`${formId}-window`} className="block text-sm font-medium">
              Per
            </label>
            <select
              id={`${formId}-window`}
              name="window"
              defaultValue={current?.window ?? "minute"}
              aria-invalid={state.errors?.window ? true : undefined}
              aria-describedby={describedBy(state.errors?.window && windowError)}
              className="mt-1 rounded border border-slate-300 bg-white px-3 py-2"
            >
              {RATE_LIMIT_WINDOWS.map((window) => (
                <option key={window} value={window}>
                  {window}
                </option>
              ))}
            </select>
            <FieldError id={windowError} messages={state.errors?.window} />
          </div>
        </div>
      </fieldset>
      <div className="flex justify-end gap-2">
        {onCancel ? (
          <button type="button" onClick={onCancel} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
            Cancel
          </button>
        ) : null}
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
        >
          {pending ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

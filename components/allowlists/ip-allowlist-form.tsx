"use client";

// The IP allowlist form, the same on a credential's page, API Settings and an OAuth app: the
// ranges one per line, "Report only", Save and Clear. Each bad entry is named under the textarea.
import { useRef, useState, type ReactNode } from "react";
import {
  describedBy,
  errorId,
  FieldError,
  FormMessage,
  inputClass,
  labelClass,
} from "@/components/forms/form-controls";
import { useFormAction } from "@/components/forms/use-form-action";
import type { AllowlistFormState } from "@/lib/credential-controls/allowlist-action";
import type { AllowlistView } from "@/lib/allowlists/allowlist-form";

export function IpAllowlistForm({
  formId,
  action,
  fields = {},
  saved,
  help,
}: {
  formId: string;
  action: (state: AllowlistFormState, data: FormData) => Promise<AllowlistFormState>;
  /** Hidden fields naming what the list belongs to (a credential or app id). */
  fields?: Record<string, string>;
  saved: AllowlistView;
  help: ReactNode;
}) {
  const { state, pending, onSubmit, action: formAction } = useFormAction(action, {});
  const [ranges, setRanges] = useState(saved.ranges.join("\n"));
  const [reportOnly, setReportOnly] = useState(saved.reportOnly);
  const intent = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // Saved: show the list as stored (canonical, duplicates gone). Adjusted while rendering the
  // new answer, not in an effect, so the textarea never shows the typed text after a save.
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    if (state.ok && state.result) {
      setRanges(state.result.ranges.join("\n"));
      setReportOnly(state.result.reportOnly);
    }
  }
  const errors = state.errors?.ranges;
  const helpId = `${formId}-help`;
  return (
    <form
      ref={form}
      id={formId}
      action={formAction}
      onSubmit={(event) => {
        onSubmit(event);
        if (intent.current) intent.current.value = "save";
      }}
      className="space-y-3"
      noValidate
    >
      <FormMessage state={state} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input ref={intent} type="hidden" name="intent" defaultValue="save" />
      <div>
        <label htmlFor={`${formId}-ranges`} className={labelClass}>
          Allowed IP ranges
        </label>
        <p id={helpId} className="text-sm text-slate-600">
          {help}
        </p>
        <textarea
          id={`${formId}-ranges`}
          name="ranges"
          rows={4}
          value={ranges}
          onChange={(event) => setRanges(event.target.value)}
          placeholder={"203.0.113.0/24\n2001:db8::/32"}
          spellCheck={false}
          aria-invalid={errors ? true : undefined}
          aria-describedby={describedBy(helpId, errors && errorId(formId, "ranges"))}
          className={`${inputClass} font-mono`}
        />
        <FieldError id={errorId(formId, "ranges")} messages={errors} />
      </div>
      <div className="flex items-start gap-2">
        <input
          id={`${formId}-report-only`}
          name="reportOnly"
          type="checkbox"
          checked={reportOnly}
          onChange={(event) => setReportOnly(event.target.checked)}
          aria-describedby={`${formId}-report-only-help`}
          className="mt-1"
        />
        <div>
          <label htmlFor={`${formId}-report-only`} className="text-sm font-medium">
            Report only
          </label>
          <p id={`${formId}-report-only-help`} className="text-sm text-slate-600">
            Requests from outside the list are accepted and recorded as would-be refusals, so you can check the list
            before enforcing it.
          </p>
        </div>
      </div>
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save allowlist"}
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => {
            if (intent.current) intent.current.value = "clear";
            form.current?.requestSubmit();
          }}
          className="rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60"
        >
          Clear allowlist
        </button>
      </div>
    </form>
  );
}

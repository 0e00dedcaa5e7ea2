"use client";

import { useState } from "react";
import { FieldError, FormMessage } from "@/components/forms/form-controls";
import { useFormAction } from "@/components/forms/use-form-action";
import { LIFETIME_PRESET_DAYS, MAX_POLICY_DAYS } from "@/lib/credentials/expiry-days";
import type { FormState } from "@/lib/validations/form-state";
import { saveExpiryPolicy } from "./expiry-policy-actions";

export interface PolicyRow {
  code: string;
  label: string;
  where: string;
  maxDays: number | null;
}

const initial: FormState = {};

function choiceOf(maxDays: number | null): string {
  if (maxDays === null) return "none";
  return (LIFETIME_PRESET_DAYS as readonly number[]).includes(maxDays) ? String(maxDays) : "custom";
}

/** Per kind: no maximum, a preset, or a custom number of days. */
export function ExpiryPolicyForm({ rows }: { rows: PolicyRow[] }) {
  const { state, pending, onSubmit, action } = useFormAction(saveExpiryPolicy, initial);
  const [values, setValues] = useState(() =>
    Object.fromEntries(
      rows.map((row) => [
        row.code,
        { choice: choiceOf(row.maxDays), days: row.maxDays === null ? "" : String(row.maxDays) },
      ]),
    ),
  );
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormMessage state={state} />
      {rows.map((row) => {
        const value = values[row.code] ?? { choice: "none", days: "" };
        const set = (patch: Partial<typeof value>) =>
          setValues((current) => ({ ...current, [row.code]: { ...value, ...patch } }));
        const errors = state.errors?.[`${row.code}Days`];
        return (
          <fieldset key={row.code} className="grid gap-2 sm:grid-cols-[14rem_1fr]">
            <legend className="sr-only">{row.label}</legend>
            <div>
              <label htmlFor={`${row.code}Choice`} className="block font-medium">
                {row.label}
              </label>
              <p className="text-sm text-slate-600">{row.where}</p>
            </div>
            <div className="flex flex-wrap items-start gap-3">
              <select
                id={`${row.code}Choice`}
                name={`${row.code}Choice`}
                value={value.choice}
                onChange={(event) => set({ choice: event.target.value })}
                className="rounded border border-slate-300 px-3 py-2"
              >
                <option value="none">No maximum</option>
                {LIFETIME_PRESET_DAYS.map((days) => (
                  <option key={days} value={String(days)}>
                    At most {days} days
                  </option>
                ))}
                <option value="custom">Custom</option>
              </select>
              {value.choice === "custom" ? (
                <div>
                  <label htmlFor={`${row.code}Days`} className="block text-sm font-medium">
                    Maximum days for {row.label.toLowerCase()}s
                  </label>
                  <input
                    id={`${row.code}Days`}
                    name={`${row.code}Days`}
                    type="number"
                    min={1}
                    max={MAX_POLICY_DAYS}
                    value={value.days}
                    onChange={(event) => set({ days: event.target.value })}
                    aria-invalid={errors ? true : undefined}
                    aria-describedby={errors ? `${row.code}Days-error` : undefined}
                    className="mt-1 w-28 rounded border border-slate-300 px-3 py-2"
                  />
                  <FieldError id={`${row.code}Days-error`} messages={errors} />
                </div>
              ) : null}
            </div>
          </fieldset>
        );
      })}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
      >
        {pending ? "Setting…" : "Set expiry policy"}
      </button>
    </form>
  );
}

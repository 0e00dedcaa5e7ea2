"use client";
// The Expiration Date of a new credential, with GitHub's presets (7, 30, 60, 90 days, a custom
// date, or none) limited by the account's expiry policy. The presets only fill the date; the
// date is what is sent, and the server checks it against the policy again.
import { useState } from "react";
import { FieldError } from "@/components/forms/form-controls";
import { LIFETIME_PRESET_DAYS } from "@/lib/credentials/expiry-days";

const DAY_MS = 86_400_000;

/** The day `days` after `today` (both YYYY-MM-DD, UTC). */
function addDays(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface ExpirationFieldProps {
  /** The input's id; the select's is `${id}-preset`. */
  id: string;
  /** Today (UTC, YYYY-MM-DD) as the server sees it: the presets count from it. */
  today: string;
  /** The account's maximum for this kind, in days; null: no maximum. */
  maxDays: number | null;
  /** The kind must have a date (auth tokens). */
  required: boolean;
  /** What the dialog starts with (a replacement: the original's lifetime, capped). */
  initialDay?: string;
  errors?: string[];
  /** The id of the error message under the field (forms prefix theirs). */
  errorId?: string;
  /** The noun in the help text: "token", "key", "credential". */
  noun: string;
}

export function ExpirationField({
  id,
  today,
  maxDays,
  required,
  initialDay,
  errors,
  errorId = "expirationDate-error",
  noun,
}: ExpirationFieldProps) {
  const presets: { value: string; label: string }[] = LIFETIME_PRESET_DAYS.filter(
    (days) => maxDays === null || days <= maxDays,
  ).map((days) => ({ value: String(days), label: `${days} days` }));
  if (maxDays !== null && !(LIFETIME_PRESET_DAYS as readonly number[]).includes(maxDays))
    presets.push({ value: String(maxDays), label: `${maxDays} days (the most allowed)` });
  presets.sort((a, b) => Number(a.value) - Number(b.value));
  const mayNever = !required && maxDays === null;
  const firstChoice = (): { choice: string; day: string } => {
    if (initialDay) {
      const preset = presets.find((p) => addDays(today, Number(p.value)) === initialDay);
      return { choice: preset?.value ?? "custom", day: initialDay };
    }
    if (maxDays !== null) {
      const preset = [...presets].reverse().find((p) => Number(p.value) <= 30) ?? presets[0];
      return preset
        ? { choice: preset.value, day: addDays(today, Number(preset.value)) }
        : { choice: "custom", day: "" };
    }
    return mayNever ? { choice: "never", day: "" } : { choice: "custom", day: "" };
  };
  const [{ choice, day }, setValue] = useState(firstChoice);
  const latestDay = maxDays === null ? undefined : addDays(today, maxDays);
  const choose = (next: string) => {
    if (next === "never" || next === "custom") setValue({ choice: next, day: next === "never" ? "" : day });
    else setValue({ choice: next, day: addDays(today, Number(next)) });
  };
  const describedBy = [`${id}-help`, errors?.length ? errorId : ""].filter(Boolean).join(" ");
  return (
    <div className="space-y-2">
      <div>
        <label htmlFor={`${id}-preset`} className="block text-sm font-medium">
          Expires in
        </label>
        <select
          id={`${id}-preset`}
          value={choice}
          onChange={(event) => choose(event.target.value)}
          aria-describedby={`${id}-help`}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        >
          {presets.map((preset) => (
            <option key={preset.value} value={preset.value}>
              {preset.label}
            </option>
          ))}
          <option value="custom">Custom date</option>
          {mayNever ? <option value="never">No expiration</option> : null}
        </select>
      </div>
      {/* Always shown: typing a date is choosing a custom date, even from "No expiration". */}
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          Expiration Date
        </label>
        <input
          id={id}
          name="expirationDate"
          type="date"
          min={addDays(today, 1)}
          max={latestDay}
          required={required}
          value={day}
          onChange={(event) => setValue({ choice: "custom", day: event.target.value })}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
      </div>
      <p id={`${id}-help`} className="text-sm text-slate-600">
        {choice === "never"
          ? `No date: the ${noun} never expires. One that expires is safer, and easy to replace when it does.`
          : `The ${noun} expires at midnight UTC (00:00) at the start of the selected date. The date must be in the future.`}
        {latestDay ? ` Your account allows at most ${maxDays} days: ${latestDay} at the latest.` : null}
      </p>
      <FieldError id={errorId} messages={errors} />
    </div>
  );
}

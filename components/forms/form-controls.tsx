// Small building blocks shared by the app's forms: a field's error under it (referenced by
// the input's aria-describedby), the form's message, and the submit button that is
// disabled while the action runs. Presentational only; usable from client components.
import clsx from "clsx";
import type { ReactNode } from "react";
import type { FormState } from "@/lib/validations/form-state";

export const inputClass =
  "mt-1 w-full rounded border border-slate-300 bg-white px-3 py-2 aria-[invalid=true]:border-red-500";
export const labelClass = "block text-sm font-medium";

/** The id of a field's error element, for aria-describedby. */
export function errorId(formId: string, field: string): string {
  return `${formId}-${field}-error`;
}

/** aria-describedby of a field: its hint (if any) and its errors (when it has some). */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === "string" && id.length > 0);
  return present.length > 0 ? present.join(" ") : undefined;
}

/** A field's errors, under the field; the input points at it with aria-describedby. */
export function FieldError({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {messages.join(" ")}
    </p>
  );
}

/** The form's message: announced, as a refusal (alert) or as done (status). */
export function FormMessage({ id, state }: { id?: string; state: Pick<FormState, "ok" | "message"> }) {
  if (!state.message) return null;
  return (
    <p
      id={id}
      role={state.ok ? "status" : "alert"}
      data-testid="form-message"
      className={clsx(
        "rounded border p-2 text-sm",
        state.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-800",
      )}
    >
      {state.message}
    </p>
  );
}

export function SubmitButton({
  pending,
  children,
  pendingLabel,
}: {
  pending: boolean;
  children: ReactNode;
  pendingLabel: string;
}) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

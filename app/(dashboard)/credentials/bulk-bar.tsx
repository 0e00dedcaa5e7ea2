"use client";
// Bulk Deactivate / Revoke on the Credentials list. The row checkboxes are plain inputs of the
// form "credentials-bulk" (server-rendered in each row); this bar counts them, ticks them all
// ("select all on this page"), and asks ONE confirmation naming how many of which kinds will
// change and which will be skipped and why. The server checks it all again (lib/credentials/bulk-change.ts).
import { useCallback, useEffect, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useDialog } from "@/components/forms/dialog";
import { describeKinds } from "@/lib/credentials/kind-counts";
import { bulkChangeAction } from "./bulk-actions";
import { BULK_FORM } from "./bulk-checkbox";

type Operation = "deactivate" | "revoke";

/** What the bar knows of a row: its hint and kind, and why each operation would skip it (null: it would not). */
export interface BulkRow {
  id: string;
  hint: string;
  kindLabel: string;
  refusals: Record<Operation, string | null>;
}

const LABELS: Record<Operation, { verb: string; button: string; pending: string }> = {
  deactivate: { verb: "deactivated", button: "Deactivate", pending: "Deactivating…" },
  revoke: { verb: "revoked", button: "Revoke", pending: "Revoking…" },
};

function boxes(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[type=checkbox][form="${BULK_FORM}"][name="ids"]`)];
}

export function BulkBar({ rows }: { rows: BulkRow[] }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [operation, setOperation] = useState<Operation>("revoke");
  const [outcome, setOutcome] = useState<string[] | null>(null);
  const dialog = useDialog();

  const recount = useCallback(
    () =>
      setSelected(
        boxes()
          .filter((box) => box.checked)
          .map((box) => box.value),
      ),
    [],
  );
  useEffect(() => {
    const onChange = (event: Event) => {
      if (event.target instanceof HTMLInputElement && event.target.form?.id === BULK_FORM) recount();
    };
    document.addEventListener("change", onChange);
    return () => document.removeEventListener("change", onChange);
  }, [recount]);

  // Only this page's rows count: after a change the page may no longer list some that were ticked.
  const chosen = rows.filter((row) => selected.includes(row.id));
  const all = rows.length > 0 && chosen.length === rows.length;
  const selectAll = (checked: boolean) => {
    for (const box of boxes()) box.checked = checked;
    recount();
  };
  const open = (next: Operation) => {
    setOperation(next);
    setOutcome(null);
    dialog.open();
  };

  const changing = chosen.filter((row) => row.refusals[operation] === null);
  const skipped = chosen.filter((row) => row.refusals[operation] !== null);
  const labels = LABELS[operation];
  const button = "rounded border px-3 py-1 text-sm disabled:cursor-not-allowed disabled:opacity-60";

  return (
    <div className="space-y-2">
      {/* The checkboxes in the rows belong to this form; it is never submitted itself. */}
      <form id={BULK_FORM} onSubmit={(event) => event.preventDefault()} />
      <div
        className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-2"
        role="group"
        aria-label="Bulk actions"
      >
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={all} onChange={(event) => selectAll(event.target.checked)} />
          Select all on this page
        </label>
        <span className="text-sm text-slate-600" aria-live="polite" data-testid="bulk-selected">
          {chosen.length} selected
        </span>
        <button
          type="button"
          className={`${button} border-slate-300 text-slate-800 hover:bg-slate-50`}
          disabled={chosen.length === 0}
          onClick={() => open("deactivate")}
        >
          Deactivate selected…
        </button>
        <button
          type="button"
          className={`${button} border-red-300 text-red-800 hover:bg-red-50`}
          disabled={chosen.length === 0}
          onClick={() => open("revoke")}
        >
          Revoke selected…
        </button>
      </div>
      {outcome ? (
        <div
          role="status"
          className="rounded border border-slate-300 bg-slate-50 p-3 text-sm"
          data-testid="bulk-outcome"
        >
          {outcome.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ) : null}
      <ConfirmDialog<string[]>
        control={dialog}
        title={`${labels.button} ${changing.length} ${changing.length === 1 ? "credential" : "credentials"}?`}
        titleId="bulk-change-title"
        action={bulkChangeAction}
        fields={{ operation, ids: chosen.map((row) => row.id).join(",") }}
        confirmLabel={labels.button}
        pendingLabel={labels.pending}
        onConfirmed={(result) => {
          setOutcome(result ?? null);
          selectAll(false);
        }}
      >
        {changing.length > 0 ? (
          <>
            {describeKinds(changing)} will be {labels.verb}
            {operation === "revoke" ? " at once and for good" : ""}: {changing.map((row) => row.hint).join(", ")}.
          </>
        ) : (
          <>None of the selected credentials can be {labels.verb}.</>
        )}
        {skipped.length > 0 ? (
          <>
            {" "}
            Skipped: {skipped.map((row) => `${row.hint} (${row.kindLabel}: ${row.refusals[operation]})`).join("; ")}.
          </>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

"use client";

import { useEffect, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useDialog } from "@/components/forms/dialog";
import { useFormAction } from "@/components/forms/use-form-action";
import { changeAuthTokenAction } from "./actions";

type Operation = "deactivate" | "reactivate" | "delete";

const LABELS: Record<Operation, string> = { deactivate: "Deactivate", reactivate: "Reactivate", delete: "Delete" };

/** The gear icon menu of a token row: only the operations its state allows. */
export function TokenActionsMenu({
  tokenId,
  name,
  hint,
  operations,
}: {
  tokenId: string;
  name: string;
  hint: string;
  operations: Operation[];
}) {
  // Fixed-position coordinates: the table's scroll container would clip an absolute menu.
  const [open, setOpen] = useState<{ top: number; right: number } | null>(null);
  const { state, pending, onSubmit, action } = useFormAction(changeAuthTokenAction, {});
  const confirmDelete = useDialog();
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const isOpen = open !== null;
  useEffect(() => {
    if (!isOpen) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !menu.current?.contains(event.target as Node))
        setOpen(null);
    };
    // The menu is fixed to the viewport: when the page or the table scrolls (a phone's table
    // scrolls sideways, and bringing the button into view scrolls it too), the menu follows its
    // button, and closes only once the button has left the screen.
    const follow = () => {
      const rect = button.current?.getBoundingClientRect();
      if (!rect || rect.bottom < 0 || rect.top > window.innerHeight || rect.right < 0 || rect.left > window.innerWidth)
        setOpen(null);
      else setOpen(menuPosition(rect));
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    window.addEventListener("scroll", follow, true);
    window.addEventListener("resize", follow);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
      window.removeEventListener("scroll", follow, true);
      window.removeEventListener("resize", follow);
    };
  }, [isOpen]);

  if (operations.length === 0) return null;
  return (
    <div ref={menu} className="relative inline-block text-left">
      <button
        type="button"
        ref={button}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-label={`Actions for ${name}`}
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          setOpen((value) => (value ? null : menuPosition(rect)));
        }}
        className="rounded border border-slate-300 p-1.5 hover:bg-slate-100"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="h-4 w-4"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <circle cx="10" cy="10" r="2.5" />
          <path d="M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" />
        </svg>
      </button>
      {open ? (
        <div
          role="menu"
          aria-label={`Actions for ${name}`}
          style={{ position: "fixed", top: open.top, right: open.right }}
          className="z-20 w-40 rounded border border-slate-200 bg-white py-1 shadow-lg"
        >
          {operations.map((operation) =>
            operation === "delete" ? (
              <button
                key={operation}
                type="button"
                role="menuitem"
                onClick={() => {
                  setOpen(null);
                  confirmDelete.open();
                }}
                className="block w-full px-3 py-1.5 text-left text-sm text-red-800 hover:bg-red-50"
              >
                {LABELS[operation]}
              </button>
            ) : (
              <form
                key={operation}
                action={action}
                onSubmit={(event) => {
                  setOpen(null);
                  onSubmit(event);
                }}
              >
                <input type="hidden" name="tokenId" value={tokenId} />
                <input type="hidden" name="operation" value={operation} />
                <button
                  type="submit"
                  role="menuitem"
                  disabled={pending}
                  className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100"
                >
                  {LABELS[operation]}
                </button>
              </form>
            ),
          )}
        </div>
      ) : null}
      {state.message ? (
        <p role="alert" className="mt-1 max-w-xs text-left text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
      <ConfirmDialog
        control={confirmDelete}
        title="Delete auth token?"
        titleId={`delete-title-${tokenId}`}
        action={changeAuthTokenAction}
        fields={{ tokenId, operation: "delete" }}
        confirmLabel="Delete"
        pendingLabel="Deleting…"
      >
        &ldquo;{name}&rdquo; (<span className="font-mono">{hint}</span>) is deleted for good; the audit log keeps its
        history.
      </ConfirmDialog>
    </div>
  );
}

/** Where the fixed menu opens: just below its button, right edges aligned. */
function menuPosition(rect: DOMRect): { top: number; right: number } {
  return { top: rect.bottom + 4, right: window.innerWidth - rect.right };
}

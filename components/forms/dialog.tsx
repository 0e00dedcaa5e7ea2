"use client";
// The one modal dialog of the app: a native <dialog> opened with showModal(), its title as
// its accessible name, and a generation that changes with every opening so the form inside
// starts fresh (a new request id, no answer of the last time) each time.
import clsx from "clsx";
import { useCallback, useRef, useState, type ReactNode } from "react";

export interface DialogControl {
  /** The <dialog>'s callback ref. */
  attach: (element: HTMLDialogElement | null) => void;
  /** True while the dialog is shown: its content is not rendered while it is closed. */
  isOpen: boolean;
  generation: number;
  open: () => void;
  close: () => void;
  /** Called by the <dialog>'s close event (Cancel, Done, Escape): marks it closed. */
  closed: () => void;
}

export function useDialog(): DialogControl {
  const element = useRef<HTMLDialogElement | null>(null);
  const attach = useCallback((node: HTMLDialogElement | null) => {
    element.current = node;
  }, []);
  const [generation, setGeneration] = useState(0);
  const [isOpen, setIsOpen] = useState(false);
  const open = useCallback(() => {
    setGeneration((n) => n + 1);
    setIsOpen(true);
    // Already open (an effect run twice in development): showModal would throw.
    if (!element.current?.open) element.current?.showModal();
  }, []);
  const close = useCallback(() => element.current?.close(), []);
  const closed = useCallback(() => setIsOpen(false), []);
  return { attach, isOpen, generation, open, close, closed };
}

const WIDTHS = { md: "max-w-md", lg: "max-w-lg", xl: "max-w-xl" } as const;

export interface TriggerProps {
  label: ReactNode;
  /** The button's accessible name when its label alone is ambiguous in a table row. */
  ariaLabel?: string;
  className: string;
  disabled?: boolean;
  hidden?: boolean;
  describedBy?: string;
}

/** The button that opens a dialog. */
export function DialogTrigger({ trigger, onOpen }: { trigger: TriggerProps; onOpen: () => void }) {
  return (
    <button
      type="button"
      aria-label={trigger.ariaLabel}
      disabled={trigger.disabled}
      hidden={trigger.hidden}
      aria-describedby={trigger.describedBy}
      onClick={onOpen}
      className={trigger.className}
    >
      {trigger.label}
    </button>
  );
}

/**
 * The <dialog> element itself. text-left always: a dialog is often opened from a
 * right-aligned table cell or header, and would otherwise inherit its alignment. It never
 * outgrows the screen: nearly full width on a phone, at most the screen's height, its body
 * scrolling inside it while its buttons (DialogButtons, DoneButton) stay in view at its foot.
 */
export function DialogFrame({
  control,
  title,
  titleId,
  width = "lg",
  onClose,
  children,
}: {
  control: DialogControl;
  title: string;
  titleId: string;
  width?: keyof typeof WIDTHS;
  onClose?: () => void;
  children: ReactNode;
}) {
  const { attach, closed } = control;
  return (
    <dialog
      ref={attach}
      aria-labelledby={titleId}
      onClose={() => {
        closed();
        onClose?.();
      }}
      className={clsx(
        "m-auto max-h-[calc(100dvh-1rem)] w-[calc(100%-1rem)] overflow-y-auto overscroll-contain rounded-lg bg-white p-0 text-left text-slate-900",
        // The veil darkens the page in both schemes (slate-900 is light in dark mode: app/globals.css).
        "backdrop:bg-slate-900/40 dark:backdrop:bg-black/70",
        WIDTHS[width],
      )}
    >
      <div className="p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}

/**
 * A dialog's button row: pinned to the foot of the dialog's scrolling box, so on a small
 * screen the buttons stay on screen while a long form scrolls under them.
 */
const FOOTER = "sticky bottom-0 -mx-5 -mb-5 border-t border-slate-200 bg-white px-5 py-4";

/** Cancel and the submit button of a dialog's form; the submit is disabled while pending. */
export function DialogButtons({
  onCancel,
  pending,
  label,
  pendingLabel,
  tone = "primary",
}: {
  onCancel: () => void;
  pending: boolean;
  label: string;
  pendingLabel: string;
  tone?: "primary" | "danger";
}) {
  return (
    <div className={clsx(FOOTER, "flex justify-end gap-2")}>
      <button type="button" onClick={onCancel} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
        Cancel
      </button>
      <button
        type="submit"
        disabled={pending}
        aria-disabled={pending}
        className={clsx(
          "rounded px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60",
          tone === "danger" ? "bg-red-700 hover:bg-red-800" : "bg-indigo-700 hover:bg-indigo-800",
        )}
      >
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}

/** The one button under a shown secret: closing the dialog takes the secret off the page. */
export function DoneButton({ onClick }: { onClick: () => void }) {
  return (
    <div className={clsx(FOOTER, "flex justify-end")}>
      <button type="button" onClick={onClick} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
        Done
      </button>
    </div>
  );
}

"use client";
// The main navigation on a phone: under 768 px (Tailwind's md) it folds behind a Menu button
// so a page's content starts at the top; from md up the panel is always shown and the button
// is not. A disclosure (WAI-ARIA APG "disclosure navigation"), not a modal: the panel pushes
// the page down, focus stays where the user put it, Escape closes it and returns focus to the
// button. It closes on navigation: it is open only at the path it was opened on, so a link,
// Back or Forward closes it without an effect; a link to the page already shown closes it too.
import clsx from "clsx";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";

export const NAV_PANEL_ID = "main-navigation-panel";

export function NavDisclosure({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  // Server and first client render agree (closed), so hydration never mismatches.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === pathname;
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpenAt(null);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);

  return (
    <div className="flex h-full flex-col md:gap-6">
      <div className="flex items-center justify-between gap-4">
        {brand}
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={NAV_PANEL_ID}
          onClick={() => setOpenAt(open ? null : pathname)}
          className="inline-flex items-center gap-2 rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 md:hidden"
        >
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className="h-4 w-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
          >
            {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5h14M3 10h14M3 15h14" />}
          </svg>
          Menu
        </button>
      </div>
      <div
        id={NAV_PANEL_ID}
        onClick={(event) => {
          if (event.target instanceof Element && event.target.closest("a")) setOpenAt(null);
        }}
        className={clsx("mt-4 flex-1 flex-col gap-6 md:mt-0 md:flex", open ? "flex" : "hidden")}
      >
        {children}
      </div>
    </div>
  );
}

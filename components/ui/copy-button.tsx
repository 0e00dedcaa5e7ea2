"use client";

import { useState } from "react";

/** The clipboard icon: copies `value`, says so, and falls back to a selection copy. */
export function CopyButton({ value, label = "Copy to clipboard" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // Clipboard API refused (insecure origin, permissions): the old way still works.
      const area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      setCopied(ok ? "yes" : "failed");
    }
    setTimeout(() => setCopied(null), 2500);
  }

  return (
    <button
      type="button"
      onClick={copy}
      aria-label={label}
      title={label}
      className="inline-flex items-center gap-1 rounded border border-slate-300 bg-white px-2 py-1.5 text-sm hover:bg-slate-100"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 20 20"
        className="h-4 w-4"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      >
        <rect x="6" y="6" width="10" height="11" rx="1.5" />
        <path d="M4 13V4.5A1.5 1.5 0 0 1 5.5 3H13" />
      </svg>
      <span aria-live="polite">
        {copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed: select and copy by hand" : "Copy"}
      </span>
    </button>
  );
}

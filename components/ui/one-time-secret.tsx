"use client";

import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * A secret shown once: the title, what the reader must know about it (`warning`), the secret in
 * a read-only field that selects itself on focus, and its copy button. New credentials
 * (SecretReveal) and webhook signing secrets both show theirs this way.
 */
export function OneTimeSecret({
  idPrefix,
  title,
  fieldLabel,
  secret,
  warning,
  children,
}: {
  /** Unique on the page: the heading and the field take their ids from it. */
  idPrefix: string;
  title: string;
  /** The field's accessible name ("New secret", "Signing secret"). */
  fieldLabel: string;
  secret: string;
  warning: ReactNode;
  children?: ReactNode;
}) {
  const titleId = `${idPrefix}-title`;
  const fieldId = `${idPrefix}-field`;
  return (
    <section aria-labelledby={titleId} className="rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <h2 id={titleId} className="font-medium text-emerald-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-emerald-900">{warning}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor={fieldId} className="sr-only">
          {fieldLabel}
        </label>
        <input
          id={fieldId}
          readOnly
          value={secret}
          spellCheck={false}
          autoComplete="off"
          data-testid="new-secret"
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
        />
        <CopyButton value={secret} />
      </div>
      {children}
    </section>
  );
}

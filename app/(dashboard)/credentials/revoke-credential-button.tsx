"use client";

import { useActionState, useEffect, useRef } from "react";
import { FormMessage } from "@/components/ui/field-error";
import { revokeCredentialAction, type RevokeCredentialState } from "./actions";

/** A row's Revoke button and its confirmation dialog. */
export function RevokeCredentialButton({ credentialId, kindLabel, name, hint }: { credentialId: string; kindLabel: string; name: string; hint: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, action, pending] = useActionState<RevokeCredentialState, FormData>(revokeCredentialAction, {});
  useEffect(() => {
    if (state.done) dialog.current?.close();
  }, [state]);
  return (
    <>
      <button type="button" aria-label={`Revoke ${hint}`} onClick={() => dialog.current?.showModal()} className="rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50">
        Revoke
      </button>
      <dialog ref={dialog} aria-labelledby={`revoke-credential-${credentialId}`} className="m-auto w-full max-w-md rounded-lg p-0 text-left backdrop:bg-slate-900/40">
        <form action={action} className="space-y-4 p-5">
          <h2 id={`revoke-credential-${credentialId}`} className="text-lg font-semibold">Revoke this {kindLabel}?</h2>
          <FormMessage message={state.message} />
          <p className="text-sm text-slate-700">
            &ldquo;{name}&rdquo; (<span className="font-mono">{hint}</span>) stops working at once and for good. Whoever uses it gets 401 from now on.
          </p>
          <input type="hidden" name="credentialId" value={credentialId} />
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
            <button type="submit" disabled={pending} className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60">
              {pending ? "Revoking…" : "Revoke"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

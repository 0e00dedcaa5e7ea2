"use client";

import { useActionState, useEffect, useRef } from "react";
import { revokeApiCredential, type RevokeState } from "./actions";

/** "Revoke", behind a confirmation dialog that names the credential. */
export function RevokeButton({ credentialId, description, hint }: { credentialId: string; description: string; hint: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState<RevokeState, FormData>(revokeApiCredential, {});
  useEffect(() => {
    if (state.revoked) dialog.current?.close();
  }, [state]);
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} className="rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50">
        Revoke
      </button>
      <dialog ref={dialog} aria-labelledby={`revoke-title-${credentialId}`} className="m-auto w-full max-w-md rounded-lg p-0 backdrop:bg-slate-900/40">
        <form action={formAction} className="space-y-4 p-5">
          <h2 id={`revoke-title-${credentialId}`} className="text-lg font-semibold">Revoke API credential?</h2>
          <p className="text-sm text-slate-700">
            &ldquo;{description}&rdquo; (<span className="font-mono">{hint}</span>) stops working at once, for every app that uses it. This cannot be undone.
          </p>
          <input type="hidden" name="credentialId" value={credentialId} />
          {state.message ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
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

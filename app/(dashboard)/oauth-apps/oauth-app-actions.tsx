"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { DateTime } from "@/components/ui/date-time";
import { FieldError, FormMessage } from "@/components/ui/field-error";
import { ROLL_GRACE_HOURS, ROLL_GRACE_LABELS } from "@/lib/credentials/kinds/api-key";
import { deleteOAuthAppAction, rotateClientSecretAction, type DeleteOAuthAppState, type RotateSecretState } from "./actions";

/** An OAuth app row's Rotate secret and Delete buttons, each with its dialog. */
export function OAuthAppActions({ appId, name, clientId, activeTokens, isPublic }: { appId: string; name: string; clientId: string; activeTokens: number; isPublic: boolean }) {
  const router = useRouter();
  const rotateDialog = useRef<HTMLDialogElement>(null);
  const deleteDialog = useRef<HTMLDialogElement>(null);
  // A new rotate form each time the dialog opens; none while it is closed, so a shown secret
  // leaves the page when the dialog closes.
  const [generation, setGeneration] = useState(0);
  const [rotating, setRotating] = useState(false);
  const [deleteState, deleteAction, deleting] = useActionState<DeleteOAuthAppState, FormData>(deleteOAuthAppAction, {});

  useEffect(() => {
    if (deleteState.done) deleteDialog.current?.close();
  }, [deleteState]);

  return (
    <div className="inline-flex gap-2">
      {/* A public client has no secret to rotate. */}
      <button
        type="button"
        hidden={isPublic}
        aria-label={`Rotate secret for ${name}`}
        onClick={() => {
          setGeneration((n) => n + 1);
          setRotating(true);
          rotateDialog.current?.showModal();
        }}
        className="whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100"
      >
        Rotate secret
      </button>
      <button type="button" aria-label={`Delete ${name}`} onClick={() => deleteDialog.current?.showModal()} className="rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50">
        Delete
      </button>
      <dialog
        ref={rotateDialog}
        aria-labelledby={`rotate-title-${appId}`}
        onClose={() => {
          setRotating(false);
          router.refresh();
        }}
        className="m-auto w-full max-w-lg rounded-lg p-0 text-left backdrop:bg-slate-900/40"
      >
        <div className="p-5">
          <h2 id={`rotate-title-${appId}`} className="text-lg font-semibold">Rotate client secret</h2>
          {rotating ? <RotateForm key={generation} appId={appId} name={name} clientId={clientId} onClose={() => rotateDialog.current?.close()} /> : null}
        </div>
      </dialog>
      <dialog ref={deleteDialog} aria-labelledby={`delete-title-${appId}`} className="m-auto w-full max-w-md rounded-lg p-0 text-left backdrop:bg-slate-900/40">
        <form action={deleteAction} className="space-y-4 p-5">
          <h2 id={`delete-title-${appId}`} className="text-lg font-semibold">Delete OAuth app?</h2>
          <FormMessage message={deleteState.message} />
          <p className="text-sm text-slate-700">
            &ldquo;{name}&rdquo; (<span className="font-mono">{clientId}</span>) is deleted for good. Its client secret and every access token the app obtained are revoked at
            once ({activeTokens === 1 ? "1 active token" : `${activeTokens} active tokens`}); programs using them get 401 from now on.
          </p>
          <input type="hidden" name="appId" value={appId} />
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => deleteDialog.current?.close()} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
            <button type="submit" disabled={deleting} className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60">
              {deleting ? "Deleting…" : "Delete"}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}

function RotateForm({ appId, name, clientId, onClose }: { appId: string; name: string; clientId: string; onClose: () => void }) {
  const [state, formAction, pending] = useActionState<RotateSecretState, FormData>(rotateClientSecretAction, {});
  const submitting = useRef(false);
  useEffect(() => {
    submitting.current = false;
  }, [state]);

  if (state.rotated) {
    const { rotated } = state;
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={rotated.secret} title={`New client secret of "${rotated.name}"`}>
          <p className="mt-2 text-sm text-emerald-900">
            The client ID stays <span className="font-mono">{rotated.clientId}</span>.{" "}
            {rotated.oldSecretExpiresAt ? (
              <>The old secret keeps working until <DateTime value={new Date(rotated.oldSecretExpiresAt)} />; give the app this one before then.</>
            ) : (
              <>The old secret no longer works; give the app this one.</>
            )}
          </p>
        </SecretReveal>
        <div className="flex justify-end">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Done</button>
        </div>
      </div>
    );
  }

  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        // One rotation per dialog: a double click must not replace the secret it is about to show.
        if (submitting.current) event.preventDefault();
        submitting.current = true;
      }}
      className="mt-4 space-y-4"
    >
      <input type="hidden" name="appId" value={appId} />
      <FormMessage message={state.message} />
      <p className="text-sm text-slate-700">
        &ldquo;{name}&rdquo; (<span className="font-mono">{clientId}</span>) gets a new client secret, shown once. With no grace period the old secret stops working at
        once: the app cannot obtain tokens with it any more. Access tokens it already holds stay valid until they expire.
      </p>
      <div>
        <label htmlFor={`rotate-grace-${appId}`} className="block text-sm font-medium">Grace period</label>
        <select
          id={`rotate-grace-${appId}`}
          name="graceHours"
          defaultValue="0"
          aria-invalid={state.errors?.graceHours ? true : undefined}
          aria-describedby={`rotate-grace-help-${appId}${state.errors?.graceHours ? ` rotate-grace-error-${appId}` : ""}`}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 text-sm"
        >
          {ROLL_GRACE_HOURS.map((hours) => (
            <option key={hours} value={hours}>{ROLL_GRACE_LABELS[hours]}</option>
          ))}
        </select>
        <p id={`rotate-grace-help-${appId}`} className="mt-1 text-sm text-slate-600">How long the old secret keeps working beside the new one, to redeploy the app without a gap.</p>
        <FieldError id={`rotate-grace-error-${appId}`} errors={state.errors?.graceHours} />
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
        <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60">
          {pending ? "Rotating…" : "Rotate secret"}
        </button>
      </div>
    </form>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { FieldError, FormMessage } from "@/components/ui/field-error";
import { ROLL_GRACE_HOURS, ROLL_GRACE_LABELS } from "@/lib/credentials/kinds/api-key";
import { revokeApiKeyAction, rollApiKeyAction, type RevokeApiKeyState, type RollApiKeyState } from "./actions";

/** A key row's Roll and Revoke buttons, each with its dialog. */
export function ApiKeyActions({ keyId, name, hint, canRoll, canRevoke }: { keyId: string; name: string; hint: string; canRoll: boolean; canRevoke: boolean }) {
  const router = useRouter();
  const rollDialog = useRef<HTMLDialogElement>(null);
  const revokeDialog = useRef<HTMLDialogElement>(null);
  // A new roll form (and request id) each time the dialog opens; none while it is closed,
  // so a shown key leaves the page when the dialog closes.
  const [generation, setGeneration] = useState(0);
  const [rolling, setRolling] = useState(false);
  const [revokeState, revokeAction, revoking] = useActionState<RevokeApiKeyState, FormData>(revokeApiKeyAction, {});

  useEffect(() => {
    if (revokeState.done) revokeDialog.current?.close();
  }, [revokeState]);

  if (!canRoll && !canRevoke) return null;
  return (
    <div className="inline-flex gap-2">
      {canRoll ? (
        <button
          type="button"
          aria-label={`Roll ${name}`}
          onClick={() => {
            setGeneration((n) => n + 1);
            setRolling(true);
            rollDialog.current?.showModal();
          }}
          className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100"
        >
          Roll
        </button>
      ) : null}
      {canRevoke ? (
        <button type="button" aria-label={`Revoke ${name}`} onClick={() => revokeDialog.current?.showModal()} className="rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50">
          Revoke
        </button>
      ) : null}
      <dialog
        ref={rollDialog}
        aria-labelledby={`roll-title-${keyId}`}
        onClose={() => {
          setRolling(false);
          router.refresh();
        }}
        className="m-auto w-full max-w-lg rounded-lg p-0 text-left backdrop:bg-slate-900/40"
      >
        <div className="p-5">
          <h2 id={`roll-title-${keyId}`} className="text-lg font-semibold">Roll API key</h2>
          {rolling ? <RollForm key={generation} keyId={keyId} name={name} hint={hint} onClose={() => rollDialog.current?.close()} /> : null}
        </div>
      </dialog>
      <dialog ref={revokeDialog} aria-labelledby={`revoke-title-${keyId}`} className="m-auto w-full max-w-md rounded-lg p-0 text-left backdrop:bg-slate-900/40">
        <form action={revokeAction} className="space-y-4 p-5">
          <h2 id={`revoke-title-${keyId}`} className="text-lg font-semibold">Revoke API key?</h2>
          <FormMessage message={revokeState.message} />
          <p className="text-sm text-slate-700">
            &ldquo;{name}&rdquo; (<span className="font-mono">{hint}</span>) stops working at once and for good. Programs using it get 401 from now on.
          </p>
          <input type="hidden" name="keyId" value={keyId} />
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => revokeDialog.current?.close()} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
            <button type="submit" disabled={revoking} className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60">
              {revoking ? "Revoking…" : "Revoke"}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}

function RollForm({ keyId, name, hint, onClose }: { keyId: string; name: string; hint: string; onClose: () => void }) {
  const [state, formAction, pending] = useActionState<RollApiKeyState, FormData>(rollApiKeyAction, {});
  const [requestId] = useState(() => crypto.randomUUID());
  // Controlled, so React's reset of a submitted form keeps the chosen grace period.
  const [graceHours, setGraceHours] = useState("");
  const submitting = useRef(false);
  useEffect(() => {
    submitting.current = false;
  }, [state]);

  if (state.rolled) {
    const { rolled } = state;
    const oldEnd = rolled.oldExpiresAt.slice(0, 16).replace("T", " ");
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal secret={rolled.secret} title={`New key for "${rolled.name}"`}>
          <p className="mt-2 text-sm text-emerald-900">The old key ({hint}) works until {oldEnd} UTC. Replace it everywhere before then.</p>
        </SecretReveal>
        <div className="flex justify-end">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Done</button>
        </div>
      </div>
    );
  }

  const graceError = state.errors?.graceHours;
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (submitting.current) event.preventDefault();
        submitting.current = true;
      }}
      className="mt-4 space-y-4"
      noValidate
    >
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="keyId" value={keyId} />
      <FormMessage message={state.message} />
      <p className="text-sm text-slate-700">
        &ldquo;{name}&rdquo; (<span className="font-mono">{hint}</span>) is replaced by a new key with the same name, user, scopes and expiry. The new key is shown once.
      </p>
      <div>
        <label htmlFor={`grace-${keyId}`} className="block text-sm font-medium">Grace period</label>
        <select
          id={`grace-${keyId}`}
          name="graceHours"
          required
          value={graceHours}
          onChange={(event) => setGraceHours(event.target.value)}
          aria-invalid={graceError ? true : undefined}
          aria-describedby={[`grace-help-${keyId}`, graceError ? `grace-error-${keyId}` : ""].filter(Boolean).join(" ")}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        >
          <option value="">Choose a grace period…</option>
          {ROLL_GRACE_HOURS.map((hours) => (
            <option key={hours} value={hours}>{ROLL_GRACE_LABELS[hours]}</option>
          ))}
        </select>
        <p id={`grace-help-${keyId}`} className="mt-1 text-sm text-slate-600">How long the old key keeps working beside the new one. None: it stops at once.</p>
        <FieldError id={`grace-error-${keyId}`} errors={graceError} />
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
        <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60">
          {pending ? "Rolling…" : "Roll key"}
        </button>
      </div>
    </form>
  );
}

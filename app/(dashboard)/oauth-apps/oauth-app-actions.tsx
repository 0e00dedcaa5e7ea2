"use client";

import { SecretReveal } from "@/components/credentials/secret-reveal";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { DialogButtons, DoneButton } from "@/components/forms/dialog";
import { FieldError, FormMessage } from "@/components/forms/form-controls";
import { FormDialog } from "@/components/forms/form-dialog";
import { useFormAction } from "@/components/forms/use-form-action";
import { DateTime } from "@/components/ui/date-time";
import { RateLimitForm } from "@/components/rate-limits/rate-limit-form";
import type { RateLimitPolicy } from "@/lib/rate-limits/policy";
import { ROLL_GRACE_HOURS, ROLL_GRACE_LABELS } from "@/lib/validations/roll-grace";
import {
  deleteOAuthAppAction,
  rotateClientSecretAction,
  saveOAuthAppRateLimitAction,
  type RotateSecretState,
} from "./actions";

/** An OAuth app row's Rate limit, Rotate secret and Delete buttons, each with its dialog. */
export function OAuthAppActions({
  appId,
  name,
  clientId,
  activeTokens,
  isPublic,
  clientCredentials = false,
  rateLimit = null,
}: {
  appId: string;
  name: string;
  clientId: string;
  activeTokens: number;
  isPublic: boolean;
  /** It may use the client_credentials grant: the new secret's curl line asks for a token. */
  clientCredentials?: boolean;
  /** The app's own rate limit, shared by all its access tokens; null: the account default. */
  rateLimit?: RateLimitPolicy | null;
}) {
  return (
    <div className="inline-flex gap-2">
      <FormDialog
        title={`Rate limit of ${name}`}
        titleId={`rate-limit-title-${appId}`}
        trigger={{
          label: "Rate limit",
          ariaLabel: `Rate limit for ${name}`,
          className: "whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100",
        }}
      >
        {(close) => (
          <div className="mt-4 space-y-3">
            <p className="text-sm text-slate-700">
              One budget for all the app&rsquo;s access tokens together; requests over it get 429 with Retry-After.
            </p>
            <RateLimitForm
              formId={`app-rate-limit-${appId}`}
              action={saveOAuthAppRateLimitAction}
              current={rateLimit}
              noLimitLabel="Use the account default (API Settings)"
              hidden={{ appId }}
              onCancel={close}
            />
          </div>
        )}
      </FormDialog>
      <FormDialog
        title="Rotate client secret"
        titleId={`rotate-title-${appId}`}
        trigger={{
          label: "Rotate secret",
          ariaLabel: `Rotate secret for ${name}`,
          // A public client has no secret to rotate.
          hidden: isPublic,
          className: "whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100",
        }}
      >
        {(close) => (
          <RotateForm
            appId={appId}
            name={name}
            clientId={clientId}
            clientCredentials={clientCredentials}
            onClose={close}
          />
        )}
      </FormDialog>
      <ConfirmDialog
        title="Delete OAuth app?"
        titleId={`delete-title-${appId}`}
        trigger={{
          label: "Delete",
          ariaLabel: `Delete ${name}`,
          className: "rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50",
        }}
        action={deleteOAuthAppAction}
        fields={{ appId }}
        confirmLabel="Delete"
        pendingLabel="Deleting…"
      >
        &ldquo;{name}&rdquo; (<span className="font-mono">{clientId}</span>) is deleted for good. Its client secret and
        every access token the app obtained are revoked at once (
        {activeTokens === 1 ? "1 active token" : `${activeTokens} active tokens`}); programs using them get 401 from now
        on.
      </ConfirmDialog>
    </div>
  );
}

const initialRotate: RotateSecretState = {};

function RotateForm({
  appId,
  name,
  clientId,
  clientCredentials,
  onClose,
}: {
  appId: string;
  name: string;
  clientId: string;
  clientCredentials: boolean;
  onClose: () => void;
}) {
  // One rotation per dialog: useFormAction's guard keeps a double click from replacing the
  // secret the dialog is about to show.
  const { state, pending, onSubmit, action } = useFormAction(rotateClientSecretAction, initialRotate);

  if (state.result) {
    const rotated = state.result;
    return (
      <div className="mt-4 space-y-4">
        <SecretReveal
          secret={rotated.secret}
          title={`New client secret of "${rotated.name}"`}
          kind="cs"
          clientId={rotated.clientId}
          clientCredentials={clientCredentials}
        >
          <p className="mt-2 text-sm text-emerald-900">
            The client ID stays <span className="font-mono">{rotated.clientId}</span>.{" "}
            {rotated.oldSecretExpiresAt ? (
              <>
                The old secret keeps working until <DateTime value={new Date(rotated.oldSecretExpiresAt)} />; give the
                app this one before then.
              </>
            ) : (
              <>The old secret no longer works; give the app this one.</>
            )}
          </p>
        </SecretReveal>
        <DoneButton onClick={onClose} />
      </div>
    );
  }

  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4">
      <input type="hidden" name="appId" value={appId} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        &ldquo;{name}&rdquo; (<span className="font-mono">{clientId}</span>) gets a new client secret, shown once. With
        no grace period the old secret stops working at once: the app cannot obtain tokens with it any more. Access
        tokens it already holds stay valid until they expire.
      </p>
      <div>
        <label htmlFor={`rotate-grace-${appId}`} className="block text-sm font-medium">
          Grace period
        </label>
        <select
          id={`rotate-grace-${appId}`}
          name="graceHours"
          defaultValue="0"
          aria-invalid={state.errors?.graceHours ? true : undefined}
          aria-describedby={`rotate-grace-help-${appId}${state.errors?.graceHours ? ` rotate-grace-error-${appId}` : ""}`}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 text-sm"
        >
          {ROLL_GRACE_HOURS.map((hours) => (
            <option key={hours} value={hours}>
              {ROLL_GRACE_LABELS[hours]}
            </option>
          ))}
        </select>
        <p id={`rotate-grace-help-${appId}`} className="mt-1 text-sm text-slate-600">
          How long the old secret keeps working beside the new one, to redeploy the app without a gap.
        </p>
        <FieldError id={`rotate-grace-error-${appId}`} messages={state.errors?.graceHours} />
      </div>
      <DialogButtons onCancel={onClose} pending={pending} label="Rotate secret" pendingLabel="Rotating…" />
    </form>
  );
}

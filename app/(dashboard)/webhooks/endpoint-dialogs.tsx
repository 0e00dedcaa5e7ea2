"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { DialogButtons, DoneButton } from "@/components/forms/dialog";
import {
  describedBy,
  errorId,
  FieldError,
  FormMessage,
  inputClass,
  labelClass,
} from "@/components/forms/form-controls";
import { FormDialog } from "@/components/forms/form-dialog";
import { useFormAction } from "@/components/forms/use-form-action";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS, type WebhookEventType } from "@/lib/webhook-outbox/events";
import {
  createEndpointAction,
  deleteEndpointAction,
  rotateWebhookSecretAction,
  updateEndpointAction,
  type EndpointFormState,
  type RotateWebhookSecretState,
} from "./actions";

const primaryButton = "rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800";
const rowButton = "whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100";

/** The signing secret, shown once: unlike a credential it is kept (encrypted), since Keyward signs with it. */
function SigningSecretReveal({
  secret,
  title,
  children,
}: {
  secret: string;
  title: string;
  children?: React.ReactNode;
}) {
  return (
    <OneTimeSecret
      idPrefix="signing-secret"
      title={title}
      fieldLabel="Signing secret"
      secret={secret}
      warning={
        <>
          <strong>Copy it now. You will not be able to see it again.</strong> Your receiver verifies every delivery with
          it (any Standard Webhooks library). Keyward keeps it encrypted to sign deliveries and never shows it again.
        </>
      }
    >
      {children}
    </OneTimeSecret>
  );
}

interface EndpointValues {
  url: string;
  description: string;
  events: WebhookEventType[];
}

function EndpointFields({
  formId,
  state,
  initial,
}: {
  formId: string;
  state: EndpointFormState;
  initial: EndpointValues;
}) {
  const [values, setValues] = useState({ url: initial.url, description: initial.description });
  const [events, setEvents] = useState<WebhookEventType[]>(initial.events);
  const error = (field: "url" | "description" | "events") => state.errors?.[field];
  return (
    <>
      <div>
        <label htmlFor={`${formId}-url`} className={labelClass}>
          URL
        </label>
        <input
          id={`${formId}-url`}
          name="url"
          type="url"
          required
          maxLength={2000}
          placeholder="https://hooks.example.com/keyward"
          value={values.url}
          onChange={(event) => setValues((current) => ({ ...current, url: event.target.value }))}
          aria-invalid={error("url") ? true : undefined}
          aria-describedby={describedBy(`${formId}-url-hint`, error("url") && errorId(formId, "url"))}
          className={inputClass}
        />
        <p id={`${formId}-url-hint`} className="mt-1 text-sm text-slate-600">
          https only; private network addresses are refused unless this install allows them.
        </p>
        <FieldError id={errorId(formId, "url")} messages={error("url")} />
      </div>
      <div>
        <label htmlFor={`${formId}-description`} className={labelClass}>
          Description (optional)
        </label>
        <input
          id={`${formId}-description`}
          name="description"
          type="text"
          maxLength={200}
          value={values.description}
          onChange={(event) => setValues((current) => ({ ...current, description: event.target.value }))}
          aria-invalid={error("description") ? true : undefined}
          aria-describedby={describedBy(error("description") && errorId(formId, "description"))}
          className={inputClass}
        />
        <FieldError id={errorId(formId, "description")} messages={error("description")} />
      </div>
      <fieldset aria-describedby={describedBy(error("events") && errorId(formId, "events"))}>
        <legend className={labelClass}>Events</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name="events"
                value={type}
                checked={events.includes(type)}
                onChange={(event) =>
                  setEvents((current) =>
                    event.target.checked ? [...current, type] : current.filter((chosen) => chosen !== type),
                  )
                }
                className="mt-1"
              />
              <span>
                {WEBHOOK_EVENTS[type].label} <code className="text-xs text-slate-600">{type}</code>
              </span>
            </label>
          ))}
        </div>
        <FieldError id={errorId(formId, "events")} messages={error("events")} />
      </fieldset>
    </>
  );
}

/** "Add endpoint": URL, description and events; the signing secret is shown once after. */
export function AddEndpointDialog() {
  return (
    <FormDialog
      title="Add webhook endpoint"
      titleId="add-endpoint-title"
      width="lg"
      trigger={{ label: "Add endpoint", className: primaryButton }}
    >
      {(close) => <AddEndpointForm onClose={close} />}
    </FormDialog>
  );
}

function AddEndpointForm({ onClose }: { onClose: () => void }) {
  const { state, pending, onSubmit, action } = useFormAction(createEndpointAction, {} as EndpointFormState);
  if (state.result?.secret) {
    return (
      <div className="mt-4 space-y-4">
        <SigningSecretReveal secret={state.result.secret} title="Signing secret">
          <p className="mt-2 text-sm text-emerald-900">
            Deliveries to <span className="font-mono break-all">{state.result.url}</span> carry the headers{" "}
            <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code>.
          </p>
        </SigningSecretReveal>
        <DoneButton onClick={onClose} />
      </div>
    );
  }
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <FormMessage state={state} />
      <EndpointFields formId="add-endpoint" state={state} initial={{ url: "", description: "", events: [] }} />
      <DialogButtons onCancel={onClose} pending={pending} label="Add endpoint" pendingLabel="Adding…" />
    </form>
  );
}

export function EditEndpointDialog({ endpointId, initial }: { endpointId: string; initial: EndpointValues }) {
  return (
    <FormDialog
      title="Edit webhook endpoint"
      titleId="edit-endpoint-title"
      width="lg"
      trigger={{ label: "Edit", className: rowButton }}
    >
      {(close) => <EditEndpointForm endpointId={endpointId} initial={initial} onClose={close} />}
    </FormDialog>
  );
}

function EditEndpointForm({
  endpointId,
  initial,
  onClose,
}: {
  endpointId: string;
  initial: EndpointValues;
  onClose: () => void;
}) {
  const { state, pending, onSubmit, action } = useFormAction(updateEndpointAction, {} as EndpointFormState);
  if (state.ok) {
    return (
      <div className="mt-4 space-y-4">
        <FormMessage state={state} />
        <DoneButton onClick={onClose} />
      </div>
    );
  }
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="endpointId" value={endpointId} />
      <FormMessage state={state} />
      <EndpointFields formId="edit-endpoint" state={state} initial={initial} />
      <DialogButtons onCancel={onClose} pending={pending} label="Save" pendingLabel="Saving…" />
    </form>
  );
}

export function RotateSecretDialog({ endpointId }: { endpointId: string }) {
  return (
    <FormDialog
      title="Rotate signing secret"
      titleId="rotate-secret-title"
      trigger={{ label: "Rotate secret", className: rowButton }}
    >
      {(close) => <RotateSecretForm endpointId={endpointId} onClose={close} />}
    </FormDialog>
  );
}

function RotateSecretForm({ endpointId, onClose }: { endpointId: string; onClose: () => void }) {
  const { state, pending, onSubmit, action } = useFormAction(rotateWebhookSecretAction, {} as RotateWebhookSecretState);
  if (state.result) {
    const until = state.result.previousSecretUntil.slice(0, 16).replace("T", " ");
    return (
      <div className="mt-4 space-y-4">
        <SigningSecretReveal secret={state.result.secret} title="New signing secret">
          <p className="mt-2 text-sm text-emerald-900">
            Until {until} UTC every delivery is signed with both the old and the new secret, so your receiver keeps
            verifying while you switch it to this one.
          </p>
        </SigningSecretReveal>
        <DoneButton onClick={onClose} />
      </div>
    );
  }
  return (
    <form action={action} onSubmit={onSubmit} className="mt-4 space-y-4">
      <input type="hidden" name="endpointId" value={endpointId} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        A new signing secret is made and shown once. For the next 24 hours deliveries carry two signatures, one with
        each secret; after that only the new one signs.
      </p>
      <DialogButtons onCancel={onClose} pending={pending} label="Rotate" pendingLabel="Rotating…" />
    </form>
  );
}

export function DeleteEndpointDialog({ endpointId, url }: { endpointId: string; url: string }) {
  return (
    <ConfirmDialog
      title="Delete webhook endpoint?"
      titleId="delete-endpoint-title"
      trigger={{
        label: "Delete",
        className: "rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50",
      }}
      action={deleteEndpointAction}
      fields={{ endpointId }}
      confirmLabel="Delete"
      pendingLabel="Deleting…"
    >
      <span className="font-mono break-all">{url}</span> receives no more events; its delivery log and any delivery
      still waiting are deleted with it.
    </ConfirmDialog>
  );
}

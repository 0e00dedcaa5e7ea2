"use client";
// The Advertisers and Publishers screens' dialogs: New, Edit (the same form, prefilled) and
// Delete. The actions come from the page (app/ owns the server actions); refusals from
// lib/organizations show next to their field, or in the dialog (a delete refused while users
// belong to it).
import { useEffect, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { DialogButtons } from "@/components/forms/dialog";
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
import type { FormState } from "@/lib/validations/form-state";
import {
  APPROVAL_STATUSES,
  DEFAULT_APPROVAL_STATUS,
  type ApprovalStatus,
  type OrganizationField,
  type OrganizationKind,
} from "@/lib/validations/organization-values";

export type OrganizationFormAction = (
  state: FormState<OrganizationField>,
  data: FormData,
) => Promise<FormState<OrganizationField>>;

/** The server actions a page hands its screen. */
export interface OrganizationActions {
  create: OrganizationFormAction;
  edit: OrganizationFormAction;
  delete: (state: FormState, data: FormData) => Promise<FormState>;
}

/** What the dialogs need of a row (props of a client component: no whole database row). */
export interface OrganizationItem {
  id: string;
  idFromNetwork: string;
  name: string;
  approvalStatus: ApprovalStatus;
}

/** `label`: the kind's name for one ("Advertiser"), from KIND_LABELS on the server. */
export function NewOrganizationDialog({
  kind,
  label,
  action,
  openAtOnce,
}: {
  kind: OrganizationKind;
  label: string;
  action: OrganizationFormAction;
  openAtOnce: boolean;
}) {
  const title = `New ${label}`;
  return (
    <FormDialog
      title={title}
      titleId={`new-${kind}-title`}
      openAtOnce={openAtOnce}
      trigger={{
        label: title,
        className: "rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800",
      }}
    >
      {(close) => (
        <OrganizationForm
          kind={kind}
          formId={`new-${kind}`}
          action={action}
          initial={{ idFromNetwork: "", name: "", approvalStatus: DEFAULT_APPROVAL_STATUS }}
          submit={["Create", "Creating…"]}
          onClose={close}
        />
      )}
    </FormDialog>
  );
}

/** A row's Edit and Delete buttons, each with its dialog. */
export function OrganizationRowActions({
  kind,
  label,
  item,
  actions,
}: {
  kind: OrganizationKind;
  label: string;
  item: OrganizationItem;
  actions: Pick<OrganizationActions, "edit" | "delete">;
}) {
  return (
    <div className="inline-flex gap-2">
      <FormDialog
        title={`Edit ${label}`}
        titleId={`edit-${kind}-title-${item.id}`}
        trigger={{
          label: "Edit",
          ariaLabel: `Edit ${item.name}`,
          className: "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100",
        }}
      >
        {(close) => (
          <OrganizationForm
            kind={kind}
            formId={`edit-${kind}-${item.id}`}
            rowId={item.id}
            action={actions.edit}
            initial={item}
            submit={["Save", "Saving…"]}
            onClose={close}
          />
        )}
      </FormDialog>
      <ConfirmDialog
        title={`Delete ${label.toLowerCase()}?`}
        titleId={`delete-${kind}-title-${item.id}`}
        trigger={{
          label: "Delete",
          ariaLabel: `Delete ${item.name}`,
          className: "rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50",
        }}
        action={actions.delete}
        fields={{ kind, id: item.id, idFromNetwork: item.idFromNetwork }}
        confirmLabel="Delete"
        pendingLabel="Deleting…"
      >
        &ldquo;{item.name}&rdquo; (<span className="font-mono">{item.idFromNetwork}</span>) is deleted for good. One
        that users still belong to cannot be deleted: set its approval status to Archived instead.
      </ConfirmDialog>
    </div>
  );
}

function OrganizationForm({
  kind,
  formId,
  rowId,
  action,
  initial,
  submit: [label, pendingLabel],
  onClose,
}: {
  kind: OrganizationKind;
  formId: string;
  rowId?: string;
  action: OrganizationFormAction;
  initial: Record<OrganizationField, string>;
  submit: [string, string];
  onClose: () => void;
}) {
  const { state, pending, onSubmit, action: formAction } = useFormAction(action, {});
  // Saved: the dialog closes and the page (revalidated) shows the change.
  useEffect(() => {
    if (state.ok) onClose();
  }, [state, onClose]);
  // useFormAction leaves the form as typed after a refusal; the echoed values serve a form sent without JavaScript.
  const values = { ...initial, ...state.values };
  const field = (name: OrganizationField, hint?: string) => ({
    id: `${formId}-${name}`,
    name,
    defaultValue: values[name],
    "aria-invalid": state.errors?.[name] ? true : undefined,
    "aria-describedby": describedBy(hint, state.errors?.[name] && errorId(formId, name)),
    className: inputClass,
  });
  return (
    <form action={formAction} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="kind" value={kind} />
      {rowId ? <input type="hidden" name="id" value={rowId} /> : null}
      <FormMessage state={state} />
      <Labelled formId={formId} name="idFromNetwork" label="ID from network" errors={state.errors?.idFromNetwork}>
        <input
          {...field("idFromNetwork", `${formId}-idFromNetwork-hint`)}
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
        />
        <p id={`${formId}-idFromNetwork-hint`} className="mt-1 text-sm text-slate-600">
          The network&apos;s own id (Invoca&apos;s <code>id_from_network</code>): letters, digits, - and _. The API
          finds it by this id, e.g. <code>/api/2022-08-01/{kind}s/1111.json</code>.
        </p>
      </Labelled>
      <Labelled formId={formId} name="name" label="Name" errors={state.errors?.name}>
        <input {...field("name")} type="text" autoComplete="off" maxLength={200} />
      </Labelled>
      <Labelled formId={formId} name="approvalStatus" label="Approval status" errors={state.errors?.approvalStatus}>
        <select {...field("approvalStatus")}>
          {APPROVAL_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </Labelled>
      <DialogButtons onCancel={onClose} pending={pending} label={label} pendingLabel={pendingLabel} />
    </form>
  );
}

/** A field's label above it and its errors under it. */
function Labelled({
  formId,
  name,
  label,
  errors,
  children,
}: {
  formId: string;
  name: OrganizationField;
  label: string;
  errors: string[] | undefined;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={`${formId}-${name}`} className={labelClass}>
        {label}
      </label>
      {children}
      <FieldError id={errorId(formId, name)} messages={errors} />
    </div>
  );
}

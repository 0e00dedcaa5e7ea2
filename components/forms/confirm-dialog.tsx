"use client";
// "Revoke this?", "Delete this?": a dialog that names what is about to change, sends the
// hidden fields to the action once, shows a refusal inside, and closes when the action
// answers ok (the action revalidates the page, which then shows the change).
import { useEffect, type ReactNode } from "react";
import type { FormState } from "@/lib/validations/form-state";
import { DialogButtons, DialogFrame, DialogTrigger, useDialog, type DialogControl, type TriggerProps } from "./dialog";
import { FormMessage } from "./form-controls";
import { useFormAction } from "./use-form-action";

interface ConfirmProps<R = never> {
  title: string;
  titleId: string;
  action: (state: FormState<string, R>, data: FormData) => Promise<FormState<string, R>>;
  /**
   * Handed the action's result as the dialog closes: for an action that answers with something
   * to show once (the account API Key), which a page refresh would lose.
   */
  onConfirmed?: (result: R | undefined) => void;
  /** Hidden fields sent with the confirmation (the id of the row, the operation). */
  fields: Record<string, string>;
  confirmLabel: string;
  pendingLabel: string;
  /** danger (the default) for what cannot be undone by removing something; primary otherwise. */
  tone?: "primary" | "danger";
  /** What happens, in words; shown above the buttons. */
  children: ReactNode;
}

/**
 * Either with its own trigger button, or opened by the caller through `control` (from
 * useDialog), for a confirmation asked from a menu that closes before the dialog opens.
 */
export function ConfirmDialog<R = never>(
  props: ConfirmProps<R> & ({ trigger: TriggerProps; control?: never } | { control: DialogControl; trigger?: never }),
) {
  const own = useDialog();
  const dialog = props.control ?? own;
  return (
    <>
      {props.trigger ? <DialogTrigger trigger={props.trigger} onOpen={dialog.open} /> : null}
      <DialogFrame control={dialog} title={props.title} titleId={props.titleId} width="md">
        {dialog.isOpen ? <ConfirmForm key={dialog.generation} {...props} close={dialog.close} /> : null}
      </DialogFrame>
    </>
  );
}

function ConfirmForm<R>({
  action,
  onConfirmed,
  fields,
  confirmLabel,
  pendingLabel,
  tone = "danger",
  children,
  close,
}: ConfirmProps<R> & { close: () => void }) {
  const { state, pending, onSubmit, action: formAction } = useFormAction<string, R>(action, {});
  useEffect(() => {
    if (!state.ok) return;
    onConfirmed?.(state.result);
    close();
  }, [state, close, onConfirmed]);
  return (
    <form action={formAction} onSubmit={onSubmit} className="mt-4 space-y-4">
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">{children}</p>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <DialogButtons onCancel={close} pending={pending} label={confirmLabel} pendingLabel={pendingLabel} tone={tone} />
    </form>
  );
}

"use client";

import { FormMessage } from "@/components/forms/form-controls";
import { useFormAction } from "@/components/forms/use-form-action";
import type { FormState } from "@/lib/validations/form-state";
import { resendDeliveryAction, sendTestEventAction } from "./actions";

const button =
  "whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-60";

export function SendTestEventButton({ endpointId }: { endpointId: string }) {
  const { state, pending, onSubmit, action } = useFormAction(sendTestEventAction, {} as FormState);
  return (
    <form action={action} onSubmit={onSubmit} className="inline-flex flex-col gap-2">
      <input type="hidden" name="endpointId" value={endpointId} />
      <button type="submit" disabled={pending} className={button}>
        {pending ? "Sending…" : "Send test event"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

export function ResendButton({ deliveryId, label }: { deliveryId: string; label: string }) {
  const { state, pending, onSubmit, action } = useFormAction(resendDeliveryAction, {} as FormState);
  return (
    <form action={action} onSubmit={onSubmit} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <button type="submit" disabled={pending} aria-label={label} className={button}>
        {pending ? "Resending…" : "Resend"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

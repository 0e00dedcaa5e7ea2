"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/validations/form-state";
import { FormMessage, SubmitButton } from "@/components/forms/form-controls";
import { unlockUserAction } from "../actions";

const initialState: FormState = {};

export function UnlockForm({ userId }: { userId: string }) {
  const [state, formAction, isPending] = useActionState(unlockUserAction.bind(null, userId), initialState);
  return (
    <form action={formAction} className="mt-3 space-y-2">
      <FormMessage id="unlock-message" state={state} />
      <SubmitButton pending={isPending} pendingLabel="Unlocking…">
        Unlock
      </SubmitButton>
    </form>
  );
}

"use client";

import { useActionState, useState } from "react";
import type { FormState } from "@/lib/validations/form-state";
import type { NotificationPreferenceField } from "@/lib/validations/notification-preferences";
import { FieldError, FormMessage, SubmitButton, describedBy, errorId } from "@/components/forms/form-controls";
import { saveNotificationPreferences } from "./actions";

const FORM = "notifications";
const initialState: FormState<NotificationPreferenceField> = {};

export function NotificationsForm({ mailExpiryNotices }: { mailExpiryNotices: boolean }) {
  const [state, formAction, isPending] = useActionState(saveNotificationPreferences, initialState);
  // Controlled: React resets a submitted form, and the box must show what was saved.
  const [checked, setChecked] = useState(mailExpiryNotices);
  const errors = state.errors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage id={`${FORM}-message`} state={state} />
      <div className="flex gap-3">
        <input
          id={`${FORM}-mailExpiryNotices`}
          name="mailExpiryNotices"
          type="checkbox"
          checked={checked}
          onChange={(event) => setChecked(event.target.checked)}
          aria-invalid={errors.mailExpiryNotices ? true : undefined}
          aria-describedby={describedBy(
            `${FORM}-mailExpiryNotices-help`,
            errors.mailExpiryNotices && errorId(FORM, "mailExpiryNotices"),
          )}
          className="mt-1"
        />
        <div>
          <label htmlFor={`${FORM}-mailExpiryNotices`} className="font-medium">
            Email me before my credentials expire
          </label>
          <p id={`${FORM}-mailExpiryNotices-help`} className="text-sm text-slate-600">
            30, 7 and 1 days before an API credential, API key or auth token of yours expires, and when it has expired,
            with a link to create its replacement. Super admins are also told about the account&apos;s API keys and auth
            tokens.
          </p>
          <FieldError id={errorId(FORM, "mailExpiryNotices")} messages={errors.mailExpiryNotices} />
        </div>
      </div>
      <SubmitButton pending={isPending} pendingLabel="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}

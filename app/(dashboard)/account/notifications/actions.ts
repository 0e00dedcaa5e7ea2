"use server";
// The signed-in user switches their own expiry notices on or off (lib/notices/preference.ts);
// nobody changes another user's switch from here: the user is the session's, never the form's.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";
import { setMailExpiryNotices } from "@/lib/notices/preference";
import { CHECK_FIELDS_MESSAGE, fieldErrors, formFields, type FormState } from "@/lib/validations/form-state";
import {
  NOTIFICATION_PREFERENCE_FIELDS,
  notificationPreferencesSchema,
  type NotificationPreferenceField,
} from "@/lib/validations/notification-preferences";

export async function saveNotificationPreferences(
  _previous: FormState<NotificationPreferenceField>,
  formData: FormData,
): Promise<FormState<NotificationPreferenceField>> {
  const user = await requireUser();
  const parsed = notificationPreferencesSchema.safeParse(formFields(formData, NOTIFICATION_PREFERENCE_FIELDS));
  if (!parsed.success)
    return { errors: fieldErrors<NotificationPreferenceField>(parsed.error), message: CHECK_FIELDS_MESSAGE };
  const enabled = parsed.data.mailExpiryNotices === "on";
  await setMailExpiryNotices(await db(), user, enabled, await currentRequestContext());
  revalidatePath("/account/notifications");
  return {
    ok: true,
    message: enabled
      ? "Saved. You will be emailed before your credentials expire."
      : "Saved. You will not be emailed about expiring credentials.",
  };
}

// The Notifications page's form: one checkbox. A browser sends "on" when it is ticked and
// nothing when it is not; anything else is a forged request, refused.
import { z } from "zod";

export const notificationPreferencesSchema = z.object({
  mailExpiryNotices: z.literal("on", { error: "Tick the box or leave it empty." }).nullable(),
});

export const NOTIFICATION_PREFERENCE_FIELDS = ["mailExpiryNotices"] as const;
export type NotificationPreferenceField = (typeof NOTIFICATION_PREFERENCE_FIELDS)[number];

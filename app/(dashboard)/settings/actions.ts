"use server";

import { actorOf } from "@/lib/audit";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";
import { apiSettingsFormSchema, apiSettingsFromForm, updateApiSettings } from "@/lib/credentials/api-settings";
import type { FormState } from "@/lib/validations/form-state";

export async function saveApiSettings(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const parsed = apiSettingsFormSchema.safeParse({
    allowQueryTokens: formData.get("allowQueryTokens") ?? undefined,
    allowTokenExchange: formData.get("allowTokenExchange") ?? undefined,
  });
  if (!parsed.success) return { message: "The settings could not be read; reload the page and try again." };
  // The signed-in super admin's own account: whatever else the request carries is ignored.
  await updateApiSettings(
    await db(),
    admin.accountId,
    apiSettingsFromForm(parsed.data),
    actorOf(admin),
    await currentRequestContext(),
  );
  revalidatePath("/settings");
  return { ok: true, message: "Saved. Every instance applies it within a second." };
}

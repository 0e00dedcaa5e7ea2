"use server";

import { revalidatePath } from "next/cache";
import { actorOf } from "@/lib/audit";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";
import { saveRateLimitForm, type RateLimitFormState } from "@/lib/credential-controls/rate-limit-form-action";
import { setAccountRateLimit } from "@/lib/credential-controls/rate-limit-settings";

export async function saveDefaultRateLimit(
  _previous: RateLimitFormState,
  formData: FormData,
): Promise<RateLimitFormState> {
  const admin = await requireRole("super_admin");
  const context = await currentRequestContext();
  const state = await saveRateLimitForm(
    formData,
    async (policy) =>
      // The signed-in super admin's own account: whatever else the request carries is ignored.
      setAccountRateLimit(await db(), { actor: actorOf(admin), accountId: admin.accountId }, policy, context),
    "Saved: credentials without a limit of their own have none.",
  );
  if (state.ok) revalidatePath("/settings");
  return state;
}

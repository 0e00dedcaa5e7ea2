"use server";

import { revalidatePath } from "next/cache";
import { actorOf } from "@/lib/audit";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";
import { saveRateLimitForm, type RateLimitFormState } from "@/lib/credential-controls/rate-limit-form-action";
import { setCredentialRateLimit } from "@/lib/credential-controls/rate-limit-settings";
import { credentialIdSchema } from "@/lib/validations/credential";

export async function saveCredentialRateLimit(
  _previous: RateLimitFormState,
  formData: FormData,
): Promise<RateLimitFormState> {
  const admin = await requireRole("super_admin");
  const id = credentialIdSchema.safeParse(formData.get("credentialId"));
  if (!id.success) return { message: "Unknown credential; reload the page." };
  const context = await currentRequestContext();
  const state = await saveRateLimitForm(
    formData,
    async (policy) =>
      // The signed-in super admin's own account: a credential of another is as unknown as a made-up id.
      setCredentialRateLimit(
        await db(),
        { actor: actorOf(admin), accountId: admin.accountId },
        id.data,
        policy,
        context,
      ),
    "Saved: it uses the account default.",
  );
  if (state.ok) revalidatePath(`/credentials/${id.data}`);
  return state;
}

"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { db } from "@/lib/db";
import { disconnectGrant, grantIdSchema } from "@/lib/oauth/connected-apps";
import type { FormState } from "@/lib/validations/form-state";

/** Disconnect, by the user who allowed the app; lib/ refuses a grant that is not theirs. */
export async function disconnectOwnAppAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser();
  const id = grantIdSchema.safeParse(formData.get("grantId"));
  if (!id.success) return { message: "Unknown connected app; reload the page." };
  try {
    await disconnectGrant(await db(), user, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
  revalidatePath("/account/connected-apps");
  return { ok: true };
}

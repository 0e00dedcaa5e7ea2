"use server";

import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { revokeAccountCredential } from "@/lib/credentials/all-credentials";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { db } from "@/lib/db";
import { credentialIdSchema } from "@/lib/validations/credential";
import type { FormState } from "@/lib/validations/form-state";

export async function revokeCredentialAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = credentialIdSchema.safeParse(formData.get("credentialId"));
  if (!id.success) return { message: "Unknown credential; reload the page." };
  try {
    await revokeAccountCredential(await db(), admin, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
  revalidatePath("/credentials");
  return { ok: true };
}

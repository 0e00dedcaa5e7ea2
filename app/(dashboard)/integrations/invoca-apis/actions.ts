"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { createPersonalCredential, revokePersonalCredential } from "@/lib/credentials/personal-credentials";
import { db } from "@/lib/db";
import { credentialIdSchema, newPersonalCredentialSchema } from "@/lib/validations/credential";

export interface NewApiCredentialState {
  errors?: { description?: string[] };
  message?: string;
  created?: { secret: string; hint: string; description: string; requestId: string | undefined };
}

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : undefined);

export async function createApiCredential(previous: NewApiCredentialState, formData: FormData): Promise<NewApiCredentialState> {
  const user = await requireUser();
  const raw = { description: text(formData.get("description")), requestId: text(formData.get("requestId")) || undefined, userId: text(formData.get("userId")) };
  const parsed = newPersonalCredentialSchema.safeParse(raw);
  if (!parsed.success) {
    return { errors: z.flattenError(parsed.error).fieldErrors, message: "Check the highlighted field." };
  }
  try {
    const result = await createPersonalCredential(await db(), user, parsed.data, await currentRequestContext());
    if ("duplicateOf" in result) {
      // The same form sent twice (a double click): the first answer holds the token.
      if (previous.created && previous.created.requestId === parsed.data.requestId) return previous;
      return { message: `This credential was already saved (${result.duplicateOf.hint}); its token was shown once.` };
    }
    revalidatePath("/integrations/invoca-apis");
    const { secret, hint, description } = result.created;
    return { created: { secret, hint, description, requestId: parsed.data.requestId } };
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
}

export interface RevokeState {
  message?: string;
  revoked?: boolean;
}

export async function revokeApiCredential(_previous: RevokeState, formData: FormData): Promise<RevokeState> {
  const user = await requireUser();
  const id = credentialIdSchema.safeParse(formData.get("credentialId"));
  if (!id.success) return { message: "No such API credential." };
  try {
    await revokePersonalCredential(await db(), user, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
  revalidatePath("/integrations/invoca-apis");
  return { revoked: true };
}

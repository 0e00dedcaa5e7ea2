"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { NarrowingErrorField } from "@/lib/access/narrowing";
import { requireUser } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { createPersonalCredential, revokePersonalCredential } from "@/lib/credentials/personal-credentials";
import { db } from "@/lib/db";
import { credentialIdSchema, newPersonalCredentialSchema } from "@/lib/validations/credential";
import { formText } from "@/lib/validations/form-data";
import { narrowingFromForm } from "@/lib/validations/narrowing";
import type { FormState } from "@/lib/validations/form-state";

export type NewApiCredentialState = FormState<
  "description" | "expirationDate" | NarrowingErrorField,
  { secret: string; hint: string; description: string; expiresAt: string | null; requestId: string | undefined }
>;

export async function createApiCredential(
  previous: NewApiCredentialState,
  formData: FormData,
): Promise<NewApiCredentialState> {
  const user = await requireUser();
  const raw = {
    description: formText(formData.get("description")),
    expirationDate: formText(formData.get("expirationDate")) ?? "",
    requestId: formText(formData.get("requestId")) || undefined,
    userId: formText(formData.get("userId")),
    narrowing: narrowingFromForm(formData),
  };
  const parsed = newPersonalCredentialSchema.safeParse(raw);
  if (!parsed.success) {
    const { narrowing, ...errors } = z.flattenError(parsed.error).fieldErrors;
    return { errors: { ...errors, permissions: narrowing }, message: "Check the highlighted field." };
  }
  try {
    const result = await createPersonalCredential(
      await db(),
      user,
      { ...raw, description: raw.description ?? "", narrowing: parsed.data.narrowing },
      await currentRequestContext(),
    );
    if ("duplicateOf" in result) {
      // The same form sent twice (a double click): the first answer holds the token.
      if (previous.result && previous.result.requestId === parsed.data.requestId) return previous;
      return { message: `This credential was already saved (${result.duplicateOf.hint}); its token was shown once.` };
    }
    revalidatePath("/integrations/invoca-apis");
    const { secret, hint, description, expiresAt } = result.created;
    return {
      ok: true,
      result: {
        secret,
        hint,
        description,
        expiresAt: expiresAt?.toISOString() ?? null,
        requestId: parsed.data.requestId,
      },
    };
  } catch (error) {
    if (error instanceof CredentialRuleError) {
      return error.field
        ? { errors: { [error.field]: [error.message] }, message: "Check the highlighted field." }
        : { message: error.message };
    }
    throw error;
  }
}

export async function revokeApiCredential(_previous: FormState, formData: FormData): Promise<FormState> {
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
  return { ok: true };
}

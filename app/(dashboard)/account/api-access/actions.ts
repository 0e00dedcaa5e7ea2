"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { NarrowingErrorField } from "@/lib/access/narrowing";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { revealAccountApiKey } from "@/lib/credentials/account-api-key-reveal";
import { changeAuthToken, createAuthToken } from "@/lib/credentials/auth-tokens";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { db } from "@/lib/db";
import { credentialIdSchema, newAuthTokenSchema } from "@/lib/validations/credential";
import { reenteredPasswordSchema } from "@/lib/validations/user";
import { formText } from "@/lib/validations/form-data";
import { narrowingFromForm } from "@/lib/validations/narrowing";
import type { FormState } from "@/lib/validations/form-state";

const PATH = "/account/api-access";

export type ApiKeyState = FormState<string, { secret: string; hint: string }>;

export async function generateApiKey(previous: ApiKeyState): Promise<ApiKeyState> {
  const admin = await requireRole("super_admin");
  if (previous.result) return previous;
  try {
    const key = await generateAccountApiKey(await db(), admin, await currentRequestContext());
    // No revalidatePath here: re-rendering the page now would replace the component that
    // is showing the new key (its only showing) with the hint.
    return { ok: true, result: { secret: key.secret, hint: key.hint } };
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
}

export type RevealApiKeyState = FormState<"password", { secret: string; hint: string }>;

/** The account API Key again, for a super admin who typed their password again (audited in lib/). */
export async function revealApiKeyAction(_previous: RevealApiKeyState, formData: FormData): Promise<RevealApiKeyState> {
  const admin = await requireRole("super_admin");
  const password = reenteredPasswordSchema.safeParse(formData.get("password"));
  if (!password.success) return { errors: { password: password.error.issues.map((issue) => issue.message) } };
  try {
    const key = await revealAccountApiKey(await db(), admin, password.data, await currentRequestContext());
    return { ok: true, result: key };
  } catch (error) {
    if (error instanceof CredentialRuleError) {
      return error.field === "password" ? { errors: { password: [error.message] } } : { message: error.message };
    }
    throw error;
  }
}

type AuthTokenFields = "name" | "apiUserId" | "expirationDate" | NarrowingErrorField;

export type CreateAuthTokenState = FormState<
  AuthTokenFields,
  { secret: string; hint: string; name: string; apiUserEmail: string; expiresAt: string; requestId: string | undefined }
>;

export async function createAuthTokenAction(
  previous: CreateAuthTokenState,
  formData: FormData,
): Promise<CreateAuthTokenState> {
  const admin = await requireRole("super_admin");
  const raw = {
    name: formText(formData.get("name")),
    apiUserId: formText(formData.get("apiUserId")),
    expirationDate: formText(formData.get("expirationDate")),
    requestId: formText(formData.get("requestId")) || undefined,
    narrowing: narrowingFromForm(formData),
  };
  const values = { name: raw.name ?? "", apiUserId: raw.apiUserId ?? "", expirationDate: raw.expirationDate ?? "" };
  const parsed = newAuthTokenSchema.safeParse(raw);
  if (!parsed.success) {
    const { narrowing, ...errors } = z.flattenError(parsed.error).fieldErrors;
    return { errors: { ...errors, permissions: narrowing }, message: "Check the highlighted fields." };
  }
  try {
    const result = await createAuthToken(
      await db(),
      admin,
      { ...values, requestId: raw.requestId, narrowing: parsed.data.narrowing },
      await currentRequestContext(),
    );
    if ("duplicateOf" in result) {
      if (previous.result && previous.result.requestId === raw.requestId) return previous;
      return { message: `This token was already created (${result.duplicateOf.hint}); it was shown once.` };
    }
    revalidatePath(PATH);
    const { secret, hint, name, apiUserEmail, expiresAt } = result.created;
    return {
      ok: true,
      result: { secret, hint, name, apiUserEmail, expiresAt: expiresAt!.toISOString(), requestId: raw.requestId },
    };
  } catch (error) {
    if (error instanceof CredentialRuleError) {
      return error.field ? { errors: { [error.field]: [error.message] } } : { message: error.message };
    }
    throw error;
  }
}

const operationSchema = z.enum(["deactivate", "reactivate", "delete"]);

export async function changeAuthTokenAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = credentialIdSchema.safeParse(formData.get("tokenId"));
  const operation = operationSchema.safeParse(formData.get("operation"));
  if (!id.success || !operation.success) return { message: "Unknown token or operation." };
  try {
    await changeAuthToken(await db(), admin, id.data, operation.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
  revalidatePath(PATH);
  return { ok: true };
}

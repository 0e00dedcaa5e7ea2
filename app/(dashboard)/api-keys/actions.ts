"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/credentials/api-keys";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { db } from "@/lib/db";
import {
  credentialIdSchema,
  newApiKeySchema,
  requestIdSchema,
  rollGraceHoursSchema,
} from "@/lib/validations/credential";
import { formText, formTexts } from "@/lib/validations/form-data";
import type { FormState } from "@/lib/validations/form-state";

const PATH = "/api-keys";

type ApiKeyFields = "name" | "userId" | "scopes" | "expirationDate";

export type CreateApiKeyState = FormState<
  ApiKeyFields,
  {
    secret: string;
    hint: string;
    name: string;
    ownerEmail: string;
    scopes: string[];
    expiresAt: string | null;
    requestId: string | undefined;
  }
>;

export async function createApiKeyAction(previous: CreateApiKeyState, formData: FormData): Promise<CreateApiKeyState> {
  const admin = await requireRole("super_admin");
  const raw = {
    name: formText(formData.get("name")) ?? "",
    userId: formText(formData.get("userId")) ?? "",
    scopes: formTexts(formData, "scopes"),
    expirationDate: formText(formData.get("expirationDate")) ?? "",
    requestId: formText(formData.get("requestId")) || undefined,
  };
  const parsed = newApiKeySchema.safeParse(raw);
  if (!parsed.success)
    return { errors: z.flattenError(parsed.error).fieldErrors, message: "Check the highlighted fields." };
  try {
    const result = await createApiKey(await db(), admin, raw, await currentRequestContext());
    if ("duplicateOf" in result) {
      if (previous.result && previous.result.requestId === raw.requestId) return previous;
      return { message: `This key was already created (${result.duplicateOf.hint}); it was shown once.` };
    }
    revalidatePath(PATH);
    const { secret, hint, name, ownerEmail, scopes, expiresAt } = result.created;
    return {
      ok: true,
      result: {
        secret,
        hint,
        name,
        ownerEmail,
        scopes,
        expiresAt: expiresAt?.toISOString() ?? null,
        requestId: raw.requestId,
      },
    };
  } catch (error) {
    if (error instanceof CredentialRuleError) {
      return error.field ? { errors: { [error.field]: [error.message] } } : { message: error.message };
    }
    throw error;
  }
}

export type RollApiKeyState = FormState<
  "graceHours",
  { secret: string; hint: string; name: string; oldExpiresAt: string; requestId: string | undefined }
>;

export async function rollApiKeyAction(previous: RollApiKeyState, formData: FormData): Promise<RollApiKeyState> {
  const admin = await requireRole("super_admin");
  const id = credentialIdSchema.safeParse(formData.get("keyId"));
  const requestId = requestIdSchema.safeParse(formText(formData.get("requestId")) || undefined);
  if (!id.success || !requestId.success) return { message: "Unknown key; reload the page." };
  const grace = rollGraceHoursSchema.safeParse(formData.get("graceHours"));
  if (!grace.success) return { errors: { graceHours: grace.error.issues.map((issue) => issue.message) } };
  try {
    const result = await rollApiKey(await db(), admin, id.data, grace.data, await currentRequestContext(), {
      requestId: requestId.data,
    });
    if ("duplicateOf" in result) {
      if (previous.result && previous.result.requestId === requestId.data) return previous;
      return { message: `This key was already rolled (${result.duplicateOf.hint}); the new key was shown once.` };
    }
    // No revalidatePath: re-rendering now would unmount the dialog showing the new key; the
    // dialog refreshes the page when it closes.
    const { secret, hint, name, oldExpiresAt } = result.rolled;
    return {
      ok: true,
      result: { secret, hint, name, oldExpiresAt: oldExpiresAt.toISOString(), requestId: requestId.data },
    };
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
}

export async function revokeApiKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = credentialIdSchema.safeParse(formData.get("keyId"));
  if (!id.success) return { message: "Unknown key; reload the page." };
  try {
    await revokeApiKey(await db(), admin, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
  revalidatePath(PATH);
  return { ok: true };
}

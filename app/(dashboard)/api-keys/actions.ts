"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/credentials/api-keys";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { db } from "@/lib/db";
import { credentialIdSchema, newApiKeySchema, requestIdSchema, rollGraceHoursSchema } from "@/lib/validations/credential";

const PATH = "/api-keys";
const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : undefined);

type ApiKeyFields = "name" | "userId" | "scopes" | "expirationDate";

export interface CreateApiKeyState {
  errors?: Partial<Record<ApiKeyFields, string[]>>;
  message?: string;
  created?: { secret: string; hint: string; name: string; ownerEmail: string; scopes: string[]; expiresAt: string | null; requestId: string | undefined };
}

export async function createApiKeyAction(previous: CreateApiKeyState, formData: FormData): Promise<CreateApiKeyState> {
  const admin = await requireRole("super_admin");
  const raw = {
    name: text(formData.get("name")) ?? "",
    userId: text(formData.get("userId")) ?? "",
    scopes: formData.getAll("scopes").filter((value): value is string => typeof value === "string"),
    expirationDate: text(formData.get("expirationDate")) ?? "",
    requestId: text(formData.get("requestId")) || undefined,
  };
  const parsed = newApiKeySchema.safeParse(raw);
  if (!parsed.success) return { errors: z.flattenError(parsed.error).fieldErrors, message: "Check the highlighted fields." };
  try {
    const result = await createApiKey(await db(), admin, raw, await currentRequestContext());
    if ("duplicateOf" in result) {
      if (previous.created && previous.created.requestId === raw.requestId) return previous;
      return { message: `This key was already created (${result.duplicateOf.hint}); it was shown once.` };
    }
    revalidatePath(PATH);
    const { secret, hint, name, ownerEmail, scopes, expiresAt } = result.created;
    return { created: { secret, hint, name, ownerEmail, scopes, expiresAt: expiresAt?.toISOString() ?? null, requestId: raw.requestId } };
  } catch (error) {
    if (error instanceof CredentialRuleError) {
      return error.field ? { errors: { [error.field]: [error.message] } } : { message: error.message };
    }
    throw error;
  }
}

export interface RollApiKeyState {
  errors?: { graceHours?: string[] };
  message?: string;
  rolled?: { secret: string; hint: string; name: string; oldExpiresAt: string; requestId: string | undefined };
}

export async function rollApiKeyAction(previous: RollApiKeyState, formData: FormData): Promise<RollApiKeyState> {
  const admin = await requireRole("super_admin");
  const id = credentialIdSchema.safeParse(formData.get("keyId"));
  const requestId = requestIdSchema.safeParse(text(formData.get("requestId")) || undefined);
  if (!id.success || !requestId.success) return { message: "Unknown key; reload the page." };
  const grace = rollGraceHoursSchema.safeParse(formData.get("graceHours"));
  if (!grace.success) return { errors: { graceHours: grace.error.issues.map((issue) => issue.message) } };
  try {
    const result = await rollApiKey(await db(), admin, id.data, grace.data, await currentRequestContext(), { requestId: requestId.data });
    if ("duplicateOf" in result) {
      if (previous.rolled && previous.rolled.requestId === requestId.data) return previous;
      return { message: `This key was already rolled (${result.duplicateOf.hint}); the new key was shown once.` };
    }
    // No revalidatePath: re-rendering now would unmount the dialog showing the new key; the
    // dialog refreshes the page when it closes.
    const { secret, hint, name, oldExpiresAt } = result.rolled;
    return { rolled: { secret, hint, name, oldExpiresAt: oldExpiresAt.toISOString(), requestId: requestId.data } };
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
}

export interface RevokeApiKeyState {
  message?: string;
  done?: number;
}

export async function revokeApiKeyAction(_previous: RevokeApiKeyState, formData: FormData): Promise<RevokeApiKeyState> {
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
  return { done: Date.now() };
}

"use server";

import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { bulkChangeCredentials, bulkChangeSchema, describeBulkResult } from "@/lib/credentials/bulk-change";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/validations/form-state";

/** Bulk Deactivate / Revoke of the ticked credentials: answers with what was done and what was skipped. */
export async function bulkChangeAction(
  _previous: FormState<string, string[]>,
  formData: FormData,
): Promise<FormState<string, string[]>> {
  const admin = await requireRole("super_admin");
  const ids = formData.get("ids");
  const parsed = bulkChangeSchema.safeParse({
    operation: formData.get("operation"),
    ids: typeof ids === "string" ? ids.split(",").filter((id) => id !== "") : [],
  });
  if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? "Reload the page and try again." };
  try {
    const result = await bulkChangeCredentials(await db(), admin, parsed.data, await currentRequestContext());
    revalidatePath("/credentials");
    return { ok: true, result: describeBulkResult(result) };
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
}

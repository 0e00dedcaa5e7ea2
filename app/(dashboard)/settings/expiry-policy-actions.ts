"use server";

import { actorOf } from "@/lib/audit";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";
import { expiryPoliciesFromForm, updateExpiryPolicies } from "@/lib/credentials/expiry-policy";
import type { FormState } from "@/lib/validations/form-state";

export async function saveExpiryPolicy(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const read = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const parsed = expiryPoliciesFromForm(read);
  if (!parsed.ok) return { errors: parsed.errors, message: "Check the highlighted fields." };
  // The signed-in super admin's own account: whatever else the request carries is ignored.
  await updateExpiryPolicies(
    await db(),
    admin.accountId,
    parsed.policies,
    actorOf(admin),
    await currentRequestContext(),
  );
  revalidatePath("/settings");
  return { ok: true, message: "Saved. New credentials follow it; existing ones keep their dates." };
}

"use server";
// Rotate the ID token signing key of the signed-in super admin's own account (keys are per
// account: lib/oauth/signing-keys.ts). The account comes from the session, never from the form,
// so no admin can rotate another account's key; the audit row names them and their account.
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";
import { ProtocolError } from "@/lib/http/protocol-error";
import { rotateSigningKey } from "@/lib/oauth/signing-keys";
import type { FormState } from "@/lib/validations/form-state";

export async function rotateSigningKeyAction(_previous: FormState, _formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  try {
    await rotateSigningKey(await db(), admin, await currentRequestContext());
  } catch (error) {
    // Another rotation won the race: say so in the dialog instead of failing the page.
    if (error instanceof ProtocolError && error.status === 409) return { message: error.description };
    throw error;
  }
  revalidatePath("/settings/signing-keys");
  return { ok: true, message: "Rotated: new ID tokens are signed with the new key." };
}

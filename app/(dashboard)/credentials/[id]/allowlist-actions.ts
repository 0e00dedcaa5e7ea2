"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAllowlistAction, type AllowlistFormState } from "@/lib/credential-controls/allowlist-action";
import { setCredentialAllowlist } from "@/lib/credential-controls/allowlist-settings";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";

const credentialIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A credential's own IP allowlist; the credential must be in the super admin's own account (lib checks). */
export async function saveCredentialAllowlist(
  _previous: AllowlistFormState,
  formData: FormData,
): Promise<AllowlistFormState> {
  const admin = await requireRole("super_admin");
  const credentialId = credentialIdSchema.safeParse(formData.get("credentialId"));
  if (!credentialId.success) return { message: "No such credential." };
  const context = await currentRequestContext();
  const state = await runAllowlistAction(formData, async (input) =>
    setCredentialAllowlist(await db(), admin, credentialId.data, input, context),
  );
  if (state.ok) revalidatePath(`/credentials/${credentialId.data}`);
  return state;
}

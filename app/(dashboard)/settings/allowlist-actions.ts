"use server";

import { revalidatePath } from "next/cache";
import { runAllowlistAction, type AllowlistFormState } from "@/lib/credential-controls/allowlist-action";
import { setAccountAllowlist } from "@/lib/credential-controls/allowlist-settings";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";

/** The account default list: the signed-in super admin's own account, whatever else the request carries. */
export async function saveAccountAllowlist(
  _previous: AllowlistFormState,
  formData: FormData,
): Promise<AllowlistFormState> {
  const admin = await requireRole("super_admin");
  const context = await currentRequestContext();
  const state = await runAllowlistAction(formData, async (input) =>
    setAccountAllowlist(await db(), admin, input, context),
  );
  if (state.ok) revalidatePath("/settings");
  return state;
}

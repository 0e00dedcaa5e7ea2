"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAllowlistAction, type AllowlistFormState } from "@/lib/credential-controls/allowlist-action";
import { setOAuthAppAllowlist } from "@/lib/credential-controls/allowlist-settings";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";

const appIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** An OAuth app's list, for the access tokens issued to it; the app must be in the admin's own account (lib checks). */
export async function saveOAuthAppAllowlist(
  _previous: AllowlistFormState,
  formData: FormData,
): Promise<AllowlistFormState> {
  const admin = await requireRole("super_admin");
  const appId = appIdSchema.safeParse(formData.get("appId"));
  if (!appId.success) return { message: "No such OAuth app." };
  const context = await currentRequestContext();
  const state = await runAllowlistAction(formData, async (input) =>
    setOAuthAppAllowlist(await db(), admin, appId.data, input, context),
  );
  if (state.ok) revalidatePath("/oauth-apps");
  return state;
}

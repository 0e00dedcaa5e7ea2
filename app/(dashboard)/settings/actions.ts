"use server";

import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { actorOf } from "@/lib/credentials/actor";
import { db } from "@/lib/db";
import { updateApiSettings } from "@/lib/settings";

export interface SettingsState {
  saved?: number;
}

export async function saveApiSettings(_previous: SettingsState, formData: FormData): Promise<SettingsState> {
  const admin = await requireRole("super_admin");
  await updateApiSettings(
    await db(),
    { allowQueryTokens: formData.get("allowQueryTokens") === "on", allowTokenExchange: formData.get("allowTokenExchange") === "on" },
    actorOf(admin),
    await currentRequestContext(),
  );
  revalidatePath("/settings");
  return { saved: Date.now() };
}

// API Settings: each account's own switches for the legacy ways in, edited by that
// account's super admins and audited in that account. Stored on the Account row, so the
// verifier reads them with the credential (lib/credentials/record.ts) and they are cached and
// invalidated with it (lib/credentials/cache.ts): a change is applied at once on the instance
// that makes it and within the cache's TTL everywhere else.
import { z } from "zod";
import { recordAudit, type Actor, type RequestContext } from "../audit";
import type { Db } from "../db";
import { invalidateCredentialCache } from "./cache";

export const apiSettingsSchema = z.object({
  /** Invoca's legacy ?oauth_token= (and TrackVia's ?access_token=) on GET requests. */
  allowQueryTokens: z.boolean(),
  /** Deskpro's token exchange (email + password → token): not recommended. */
  allowTokenExchange: z.boolean(),
});
export type ApiSettings = z.infer<typeof apiSettingsSchema>;

/** The settings form: an unchecked checkbox is simply absent; nothing else is read from it. */
export const apiSettingsFormSchema = z.object({
  allowQueryTokens: z.literal("on").optional(),
  allowTokenExchange: z.literal("on").optional(),
});

export function apiSettingsFromForm(form: z.infer<typeof apiSettingsFormSchema>): ApiSettings {
  return { allowQueryTokens: form.allowQueryTokens === "on", allowTokenExchange: form.allowTokenExchange === "on" };
}

const SELECT = { allowQueryTokens: true, allowTokenExchange: true } as const;

export async function readApiSettings(client: Db, accountId: string): Promise<ApiSettings> {
  return client.account.findUniqueOrThrow({ where: { id: accountId }, select: SELECT });
}

/** Callers pass the signed-in super admin's own account, never one named by the request. */
export async function updateApiSettings(
  client: Db,
  accountId: string,
  patch: Partial<ApiSettings>,
  actor: Actor,
  context: RequestContext,
): Promise<ApiSettings> {
  const changes = apiSettingsSchema.partial().parse(patch);
  const next = await client.$transaction(async (tx) => {
    const value = await tx.account.update({ where: { id: accountId }, data: changes, select: SELECT });
    await recordAudit(tx, {
      actor,
      accountId,
      action: "settings.updated",
      target: { type: "settings", label: "api" },
      context,
      details: value,
    });
    return value;
  });
  invalidateCredentialCache();
  return next;
}

// Installation-wide API switches a super admin controls. Read on the API's hot path, so
// cached per process for as long as credentials are (lib/verifier/cache.ts), and cleared
// at once by the instance that changes them.
import { z } from "zod";
import { recordAudit, type Actor, type RequestContext } from "./audit";
import { db } from "./db";
import type { Db } from "./db";
import { CACHE_TTL_MS } from "./verifier/cache";

export const apiSettingsSchema = z.object({
  /** Invoca's legacy ?oauth_token= (and TrackVia's ?access_token=) on GET requests. */
  allowQueryTokens: z.boolean().default(true),
  /** Deskpro's token exchange (email + password → token): not recommended. */
  allowTokenExchange: z.boolean().default(true),
});
export type ApiSettings = z.infer<typeof apiSettingsSchema>;

const KEY = "api";
const CACHE = Symbol.for("keyward.settings");
type Cached = { value: ApiSettings; loadedAt: number } | undefined;

function cached(): Cached {
  return (globalThis as Record<symbol, Cached>)[CACHE];
}

export async function readApiSettings(client: Db): Promise<ApiSettings> {
  const row = await client.setting.findUnique({ where: { key: KEY } });
  const parsed = apiSettingsSchema.safeParse(row ? JSON.parse(row.value) : {});
  return parsed.success ? parsed.data : apiSettingsSchema.parse({});
}

export async function getApiSettings(now = Date.now()): Promise<ApiSettings> {
  const hit = cached();
  if (hit && now - hit.loadedAt < CACHE_TTL_MS) return hit.value;
  const value = await readApiSettings(await db());
  (globalThis as Record<symbol, Cached>)[CACHE] = { value, loadedAt: now };
  return value;
}

export async function updateApiSettings(client: Db, patch: Partial<ApiSettings>, actor: Actor, context: RequestContext): Promise<ApiSettings> {
  const next = await client.$transaction(async (tx) => {
    const row = await tx.setting.findUnique({ where: { key: KEY } });
    const current = apiSettingsSchema.parse(row ? JSON.parse(row.value) : {});
    const value = apiSettingsSchema.parse({ ...current, ...patch });
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: JSON.stringify(value), updatedById: actor.id }, update: { value: JSON.stringify(value), updatedById: actor.id } });
    await recordAudit(tx, { actor, action: "settings.updated", target: { type: "settings", label: KEY }, context, details: value });
    return value;
  });
  (globalThis as Record<symbol, Cached>)[CACHE] = undefined;
  return next;
}

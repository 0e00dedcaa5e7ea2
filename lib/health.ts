// Whether the app's database answers, for GET /api/health.
import { db } from "./db";
import { rateLimitStoreHealth, type RateLimitStoreHealth } from "./rate-limits/store-health";
import { instantRevocationState, type InstantRevocationState } from "./credentials/change-channel";

export interface Health {
  status: "ok" | "unavailable";
  database: "ok" | "unavailable";
  /**
   * Where rate-limit counters live and whether Redis answers. Informational: a Redis outage
   * leaves the instance serving (KEYWARD_RATE_LIMIT_FAILURE says how), so it does not make status unavailable.
   */
  rateLimits: RateLimitStoreHealth;
  /**
   * Whether revocations reach this instance at once (lib/credentials/change-channel.ts): "up"
   * (on SQLite without Redis: the file is watched), "down" (the 750 ms cache lifetime stands
   * in), or "off" (no channel).
   */
  instantRevocation: InstantRevocationState;
}

export async function checkHealth(timeoutMs = 2000): Promise<Health> {
  const [database, rateLimits] = await Promise.all([checkDatabase(timeoutMs), rateLimitStoreHealth()]);
  return {
    status: database === "ok" ? "ok" : "unavailable",
    database,
    rateLimits,
    instantRevocation: instantRevocationState(),
  };
}

async function checkDatabase(timeoutMs: number): Promise<"ok" | "unavailable"> {
  try {
    const probe = (await db()).$queryRawUnsafe("SELECT 1");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database did not answer in time")), timeoutMs);
    });
    await Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
    return "ok";
  } catch (error) {
    console.error(`health: database check failed: ${(error as Error).message}`);
    return "unavailable";
  }
}

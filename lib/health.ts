// Whether the app's database answers, for GET /api/health.
import { db } from "./db";
import { instantRevocationState, type InstantRevocationState } from "./credentials/change-channel";

export interface Health {
  status: "ok" | "unavailable";
  database: "ok" | "unavailable";
  /**
   * Whether revocations reach this instance at once (lib/credentials/change-channel.ts): "up",
   * "down" (the 750 ms cache lifetime stands in), or "off" (one instance: nothing to share).
   */
  instantRevocation: InstantRevocationState;
}

export async function checkHealth(timeoutMs = 2000): Promise<Health> {
  try {
    const probe = (await db()).$queryRawUnsafe("SELECT 1");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database did not answer in time")), timeoutMs);
    });
    await Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
    return { status: "ok", database: "ok", instantRevocation: instantRevocationState() };
  } catch (error) {
    console.error(`health: database check failed: ${(error as Error).message}`);
    return { status: "unavailable", database: "unavailable", instantRevocation: instantRevocationState() };
  }
}

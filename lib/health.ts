// Whether the app's database answers, for GET /api/health.
import { db } from "./db";

export interface Health {
  status: "ok" | "unavailable";
  database: "ok" | "unavailable";
}

export async function checkHealth(timeoutMs = 2000): Promise<Health> {
  try {
    const probe = (await db()).$queryRawUnsafe("SELECT 1");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database did not answer in time")), timeoutMs);
    });
    await Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
    return { status: "ok", database: "ok" };
  } catch (error) {
    console.error(`health: database check failed: ${(error as Error).message}`);
    return { status: "unavailable", database: "unavailable" };
  }
}

// Runs the retention job in the server process: shortly after start, then every
// KEYWARD_PURGE_INTERVAL_MINUTES. The timers are unref'd, so they never keep a process alive,
// and a run still going when the next is due is not doubled (the lease covers other instances).
import { db } from "../db";
import { env } from "../env";
import { runPurge } from "./run-purge";

/** Lets the server finish starting before the first run. */
const FIRST_RUN_DELAY_MS = 5_000;

const globalForPurge = globalThis as unknown as { keywardPurgeTimer?: NodeJS.Timeout };

export function startPurgeSchedule(): void {
  // next dev may call register() again after a reload: one schedule per process.
  if (globalForPurge.keywardPurgeTimer) return;
  const { retentionDays, purgeIntervalMinutes } = env();
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const outcome = await runPurge(await db(), { retentionDays });
      if (outcome.ran && Object.values(outcome.deleted).some((count) => count > 0)) {
        console.log(
          `Keyward retention: deleted ${Object.entries(outcome.deleted)
            .map(([name, count]) => `${count} ${name}`)
            .join(", ")}`,
        );
      }
    } catch (error) {
      // The next run tries again; a failed run must not take the server down.
      console.error(`Keyward retention job failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  globalForPurge.keywardPurgeTimer = setInterval(() => void run(), purgeIntervalMinutes * 60_000);
  globalForPurge.keywardPurgeTimer.unref();
  setTimeout(() => void run(), FIRST_RUN_DELAY_MS).unref();
}

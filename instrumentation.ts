// Runs once when a Keyward server starts (next start, next dev): the database is migrated
// and bootstrapped before the first request is served (lib/bootstrap/prepare-database.ts),
// then the retention job is scheduled in this process (lib/retention/purge-schedule.ts), and
// the webhook worker started (lib/webhooks/schedule.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareDatabaseOrExit } = await import("./lib/bootstrap/prepare-database");
  await prepareDatabaseOrExit();
  const { startPurgeSchedule } = await import("./lib/retention/purge-schedule");
  startPurgeSchedule();
  const { startWebhookWorker } = await import("./lib/webhooks/schedule");
  startWebhookWorker();
}

// Runs once when a Keyward server starts (next start, next dev): the database is migrated
// and bootstrapped before the first request is served (lib/bootstrap/prepare-database.ts),
// then the retention job (lib/retention/purge-schedule.ts), the expiry-notice sweep
// (lib/notices/schedule.ts), the webhook worker (lib/webhooks/schedule.ts) and the credential
// change channel (lib/credentials/change-channel.ts, instant revocation) are started in this process.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareDatabaseOrExit } = await import("./lib/bootstrap/prepare-database");
  await prepareDatabaseOrExit();
  const { startPurgeSchedule } = await import("./lib/retention/purge-schedule");
  startPurgeSchedule();
  const { startNoticeSchedule } = await import("./lib/notices/schedule");
  startNoticeSchedule();
  const { startWebhookWorker } = await import("./lib/webhooks/schedule");
  startWebhookWorker();
  const { startChangeChannelFromEnv } = await import("./lib/credentials/change-channel");
  startChangeChannelFromEnv();
}

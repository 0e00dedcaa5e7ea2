// Runs once when a Keyward server starts (next start, next dev): the database is migrated
// and bootstrapped before the first request is served (lib/bootstrap/prepare-database.ts),
// then the retention job (lib/retention/purge-schedule.ts), the expiry-notice sweep
// (lib/notices/schedule.ts), the webhook worker (lib/webhooks/schedule.ts) and the credential
// change channel (lib/credentials/change-channel.ts, instant revocation) are started in this
// process, and the in-memory usage is written when it stops (lib/shutdown-hooks.ts).
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
  // Usage and "last used" times are held in memory between flushes: written when the server stops.
  const { onShutdown } = await import("./lib/shutdown-hooks");
  const { flushUsage } = await import("./lib/usage/recorder");
  const { flushLastUsed } = await import("./lib/verifier/last-used");
  onShutdown(flushUsage);
  onShutdown(flushLastUsed);
  const { startChangeChannelFromEnv } = await import("./lib/credentials/change-channel");
  await startChangeChannelFromEnv();
}

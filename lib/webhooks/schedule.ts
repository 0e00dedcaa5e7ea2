// Starts this process's webhook worker (from instrumentation.ts): pg-boss on PostgreSQL, the
// in-process loop on SQLite. One per process, also when next dev calls register() again.
import { db } from "../db";
import { env } from "../env";
import { addressRules } from "./settings";
import { startPgBossWorker, startSqliteWorker, type WebhookWorker } from "./worker";

const globalForWebhooks = globalThis as unknown as { keywardWebhookWorker?: Promise<WebhookWorker> };

export function startWebhookWorker(): void {
  if (globalForWebhooks.keywardWebhookWorker) return;
  const settings = env();
  const options = {
    rules: addressRules(),
    retryBaseMs: settings.webhooks.retryBaseMs,
    pollMs: settings.webhooks.pollMs,
  };
  globalForWebhooks.keywardWebhookWorker = (async () => {
    const database = await db();
    return settings.databaseKind === "postgresql"
      ? startPgBossWorker(database, settings.databaseUrl, options)
      : startSqliteWorker(database, options);
  })();
  globalForWebhooks.keywardWebhookWorker.catch((error: unknown) => {
    // The server keeps serving; deliveries wait in the outbox for the next start.
    console.error(`Keyward webhooks: the worker could not start: ${(error as Error).message}`);
  });
}

// Runs the expiry-notice sweep in the server process: shortly after start, then every
// KEYWARD_NOTICE_INTERVAL_SECONDS. Every instance runs it; the claims and leases in the
// database keep each notice to one audit event and one mail per recipient. Timers are
// unref'd, and a sweep still running when the next is due is not doubled.
import { db } from "../db";
import { env } from "../env";
import { createMailer, redactedSmtpUrl } from "./mailer";
import { runNoticeSweep } from "./sweep";

const FIRST_RUN_DELAY_MS = 3_000;

const globalForNotices = globalThis as unknown as { keywardNoticeTimer?: NodeJS.Timeout };

export function startNoticeSchedule(): void {
  if (globalForNotices.keywardNoticeTimer) return;
  const { mail, publicUrl } = env();
  const mailer = mail.smtpUrl ? createMailer(mail.smtpUrl, mail.from) : null;
  if (mail.smtpUrl) console.log(`Keyward expiry notices: mailing through ${redactedSmtpUrl(mail.smtpUrl)}`);
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const outcome = await runNoticeSweep(await db(), { mailer, publicUrl });
      if (outcome.failed > 0) console.error(`Keyward expiry notices: ${outcome.failed} mail(s) failed; retried later`);
    } catch (error) {
      // The next sweep tries again; a failed sweep must not take the server down.
      console.error(`Keyward expiry-notice sweep failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  globalForNotices.keywardNoticeTimer = setInterval(() => void run(), mail.noticeIntervalSeconds * 1000);
  globalForNotices.keywardNoticeTimer.unref();
  setTimeout(() => void run(), FIRST_RUN_DELAY_MS).unref();
}

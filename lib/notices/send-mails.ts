// Sending the queued mails. Each mail is leased with one conditional update (moving its
// nextAttemptAt ahead) before it is sent, so of several instances only the one whose update
// wins sends it; a failed send is retried with backoff, never dropped and never sent by two.
// Only a crash between the SMTP server's acceptance and the "sent" update can send a mail
// twice (at-least-once there: SMTP has no exactly-once); the Message-ID stays the same.
import type { Db } from "../db";
import { expiryMessage } from "./message";
import type { Mailer } from "./mailer";
import { daysLeft, type Threshold } from "./thresholds";

/** Longer than a send can take (the mailer's timeouts), so a lease never lapses mid-send. */
export const SEND_LEASE_MS = 10 * 60_000;
/** Attempts before a mail is marked failed: with the backoff below, about 15 hours of retries. */
export const MAX_ATTEMPTS = 20;
const BATCH = 50;

/** Minutes before the next attempt: 1, 2, 4, ... capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

export interface SendOutcome {
  sent: number;
  failed: number;
  cancelled: number;
}

export async function sendDueMails(
  db: Db,
  mailer: Mailer,
  options: { publicUrl: string | undefined; now: Date },
): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, failed: 0, cancelled: 0 };
  const { now } = options;
  const seen = new Set<string>();
  for (;;) {
    const due = await db.expiryMail.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now }, id: { notIn: [...seen] } },
      orderBy: { nextAttemptAt: "asc" },
      take: BATCH,
      select: { id: true },
    });
    if (due.length === 0) return outcome;
    for (const { id } of due) {
      seen.add(id);
      const leased = await db.expiryMail.updateMany({
        where: { id, status: "pending", nextAttemptAt: { lte: now } },
        data: { nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS), attempts: { increment: 1 } },
      });
      if (leased.count !== 1) continue; // another instance is sending it
      const mail = await db.expiryMail.findUniqueOrThrow({
        where: { id },
        select: {
          attempts: true,
          user: { select: { id: true, email: true, status: true, mailExpiryNotices: true } },
          notice: {
            select: {
              threshold: true,
              credential: {
                select: {
                  id: true,
                  kind: true,
                  name: true,
                  hint: true,
                  status: true,
                  rolledAt: true,
                  expiresAt: true,
                  userId: true,
                  user: { select: { email: true } },
                },
              },
            },
          },
        },
      });
      const { user, notice } = mail;
      const credential = notice.credential;
      // Switched off, disabled, revoked, deactivated or rolled since the claim: not sent.
      if (
        !user.mailExpiryNotices ||
        user.status !== "active" ||
        credential.status !== "active" ||
        credential.rolledAt !== null ||
        !credential.expiresAt
      ) {
        await db.expiryMail.update({ where: { id }, data: { status: "cancelled" } });
        outcome.cancelled++;
        continue;
      }
      const message = expiryMessage({
        threshold: notice.threshold as Threshold,
        daysLeft: daysLeft(credential.expiresAt, now),
        credential: { ...credential, expiresAt: credential.expiresAt },
        ownerEmail: credential.user?.email ?? null,
        recipientIsOwner: credential.userId === user.id,
        publicUrl: options.publicUrl,
      });
      try {
        await mailer.send(user.email, { ...message, messageId: `<expiry-${id}@keyward>` });
        await db.expiryMail.update({ where: { id }, data: { status: "sent", sentAt: now, lastError: null } });
        outcome.sent++;
      } catch (error) {
        const gaveUp = mail.attempts >= MAX_ATTEMPTS;
        await db.expiryMail.update({
          where: { id },
          data: {
            status: gaveUp ? "failed" : "pending",
            nextAttemptAt: new Date(now.getTime() + retryDelayMs(mail.attempts)),
            // The mailer's errors are scrubbed of the SMTP URL's credentials (mailer.ts).
            lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          },
        });
        outcome.failed++;
      }
    }
  }
}

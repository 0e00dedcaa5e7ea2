// One expiry-notice sweep: claim every due notice (audit event + queued mails), then send the
// mails that are due. Safe to run in every instance at once (claim.ts, send-mails.ts).
import type { Db } from "../db";
import { claimNotice } from "./claim";
import { dueNotices } from "./due-notices";
import type { Mailer } from "./mailer";
import { sendDueMails, type SendOutcome } from "./send-mails";

export interface SweepOutcome extends SendOutcome {
  /** Notices this sweep won (each recorded once in the audit log). */
  claimed: number;
}

export async function runNoticeSweep(
  db: Db,
  options: { mailer: Mailer | null; publicUrl: string | undefined; now?: Date },
): Promise<SweepOutcome> {
  const now = options.now ?? new Date();
  let claimed = 0;
  for await (const page of dueNotices(db, now)) {
    for (const due of page) {
      if (await claimNotice(db, due, { queueMail: options.mailer !== null, now })) claimed++;
    }
  }
  const sent = options.mailer
    ? await sendDueMails(db, options.mailer, { publicUrl: options.publicUrl, now })
    : { sent: 0, failed: 0, cancelled: 0 };
  return { claimed, ...sent };
}

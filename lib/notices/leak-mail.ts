// Telling people about a leaked credential by mail, when KEYWARD_SMTP_URL is set. Sent straight
// after the change commits (a leak is urgent: no queue to wait for); a failed send is logged
// without the SMTP password and not retried, because the credential.leaked webhook event (written
// in the change's transaction) and the audit log already hold the durable record. The mail
// names the credential by its name and hint, never the secret.
import { kindByCode } from "../credentials/kinds";
import type { Mailer } from "./mailer";
import type { NoticeMessage } from "./message";
import type { LeakNotice } from "../credentials/leaked/revoke-leaked";

/** A name as one line: a header must not be split by a newline a user typed. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

const WHAT_WAS_DONE: Record<LeakNotice["action"], string> = {
  revoked: "Keyward revoked it at once: it no longer works anywhere.",
  deactivated: "Keyward deactivated it at once: it no longer works. A super admin can delete it under API Access.",
  kept: "The account API key is never changed, and it works only together with an auth token. Check the account's auth tokens and deactivate any that may have leaked with it.",
  already_unusable: "It was already unusable.",
};

export function leakMessage(notice: LeakNotice, publicUrl: string | undefined): NoticeMessage {
  const { credential } = notice;
  const label = kindByCode(credential.kind)?.label ?? credential.kind;
  const name = oneLine(credential.name);
  const lines = [
    `A secret of your Keyward ${label.toLowerCase()} "${name}" (${credential.hint}) was found in public${
      notice.source ? ` (${oneLine(notice.source)})` : ""
    }.`,
  ];
  if (notice.url) lines.push(`Where: ${oneLine(notice.url)}`);
  if (credential.owner) lines.push(`Owner: ${credential.owner}`);
  lines.push(
    "",
    WHAT_WAS_DONE[notice.action],
    "Create a new credential for the integrations that used it, and remove the secret from where it was found.",
  );
  if (publicUrl) lines.push("", `Its history: ${publicUrl}/credentials/${encodeURIComponent(credential.id)}`);
  const outcome = notice.action === "kept" ? "check your auth tokens" : notice.action;
  return { subject: `Leaked ${label.toLowerCase()} ${credential.hint}: ${outcome}`, text: lines.join("\n") };
}

/** Mails every recipient of every notice; resolves when all were tried. Never throws. */
export async function mailLeakNotices(
  mailer: Mailer,
  notices: LeakNotice[],
  publicUrl: string | undefined,
): Promise<void> {
  const sends = notices.flatMap((notice) =>
    notice.to.map(async (to) => {
      try {
        await mailer.send(to, {
          ...leakMessage(notice, publicUrl),
          messageId: `<leak-${notice.credential.id}-${Date.now()}@keyward>`,
        });
      } catch (error) {
        // The mailer's errors are scrubbed of the SMTP URL's password (lib/notices/mailer.ts).
        console.error(
          `Keyward leak notice to the owner of ${notice.credential.hint} failed: ${(error as Error).message}`,
        );
      }
    }),
  );
  await Promise.all(sends);
}

// Claiming a notice: the ExpiryNotice row for (credential, threshold) is inserted in one
// transaction with the audit event and a mail row per recipient. Its unique index decides
// between instances sweeping at once: the transaction whose insert loses rolls back whole
// (no audit row, no mail), so each threshold is audited once per credential and queued once
// per recipient, whatever the number of instances.
import { recordAudit, NO_REQUEST, SYSTEM_ACTOR } from "../audit";
import type { Db, Tx } from "../db";
import { isUniqueViolation } from "../db/errors";
import type { DueNotice } from "./due-notices";
import { ADMIN_MANAGED_KINDS } from "./notice-kinds";
import { daysLeft } from "./thresholds";

/** Thrown inside the claim's transaction to undo it: the credential stopped being due. */
class NoLongerDue extends Error {}

/**
 * Who is mailed: the owner, and for kinds super admins manage, the account's super admins;
 * active users who have not switched notices off, each once.
 */
export async function noticeRecipients(
  tx: Pick<Tx, "user">,
  credential: { accountId: string; kind: string; userId: string | null },
): Promise<{ id: string }[]> {
  const who = [
    ...(credential.userId ? [{ id: credential.userId }] : []),
    ...(ADMIN_MANAGED_KINDS.includes(credential.kind) ? [{ role: "super_admin" }] : []),
  ];
  if (who.length === 0) return [];
  return tx.user.findMany({
    where: { accountId: credential.accountId, status: "active", mailExpiryNotices: true, OR: who },
    select: { id: true },
  });
}

/**
 * Claims the notice; true when this call won it. `queueMail`: mail rows are queued (only when
 * an SMTP server is configured; the audit event, which webhooks read, is recorded regardless).
 */
export async function claimNotice(
  db: Db,
  { threshold, credential }: DueNotice,
  options: { queueMail: boolean; now: Date },
): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      const notice = await tx.expiryNotice.create({ data: { credentialId: credential.id, threshold } });
      // Read again inside the transaction: revoked or deactivated since the sweep's read means no notice.
      const still = await tx.credential.findFirst({
        where: { id: credential.id, status: "active", rolledAt: null },
        select: { id: true },
      });
      if (!still) throw new NoLongerDue();
      if (options.queueMail) {
        const recipients = await noticeRecipients(tx, credential);
        if (recipients.length > 0) {
          await tx.expiryMail.createMany({
            data: recipients.map((user) => ({ noticeId: notice.id, userId: user.id, nextAttemptAt: options.now })),
          });
        }
      }
      await recordAudit(tx, {
        actor: { ...SYSTEM_ACTOR, accountId: credential.accountId },
        action: threshold === 0 ? "credential.expired" : "credential.expiring",
        target: { type: credential.kind, id: credential.id, label: credential.hint },
        context: NO_REQUEST,
        details: {
          kind: credential.kind,
          name: credential.name,
          threshold,
          daysLeft: daysLeft(credential.expiresAt, options.now),
          expiresAt: credential.expiresAt.toISOString(),
        },
      });
    });
    return true;
  } catch (error) {
    // Another instance (or an earlier sweep) holds the claim: it records and sends.
    if (error instanceof NoLongerDue || isUniqueViolation(error)) return false;
    throw error;
  }
}

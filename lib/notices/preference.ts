// A user's own switch for expiry notices. Only the signed-in user changes it, for themselves;
// the change and its audit row commit together.
import { actorOf, recordAudit, userTarget, type RequestContext } from "../audit";
import type { Db } from "../db";

export async function readMailExpiryNotices(db: Db, userId: string): Promise<boolean> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { mailExpiryNotices: true } });
  return user.mailExpiryNotices;
}

export async function setMailExpiryNotices(
  db: Db,
  user: { id: string; email: string; accountId: string },
  enabled: boolean,
  context: RequestContext,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { mailExpiryNotices: enabled } });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "user.updated",
      target: userTarget(user),
      context,
      details: { mailExpiryNotices: enabled },
    });
  });
}

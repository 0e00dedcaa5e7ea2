// A super admin ending a user's sign-in lock-out before its window ends (the user proved
// who they are some other way). Only for a user of the admin's own account; the cleared
// counter and its audit row commit together.
import { type Actor, recordAudit, type RequestContext, userTarget } from "../audit";
import { accountLock, clearAccountLock, type AccountLock } from "../auth/sign-in-throttle";
import type { Db } from "../db";
import { UserRuleError } from "./errors";

/** The lock-out of a user of `accountId` (null when not locked, or not this account's user). */
export async function userLock(
  db: Db,
  accountId: string,
  userId: string,
  now = new Date(),
): Promise<AccountLock | null> {
  const user = await db.user.findFirst({ where: { id: userId, accountId }, select: { email: true } });
  return user ? accountLock(db, user.email, now) : null;
}

export async function unlockUser(
  db: Db,
  accountId: string,
  userId: string,
  actor: Actor,
  context: RequestContext,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, accountId }, select: { id: true, email: true } });
    if (!user) throw new UserRuleError("No such user in this account");
    if (!(await clearAccountLock(tx, user.email))) throw new UserRuleError("This user is not locked out");
    await recordAudit(tx, {
      actor,
      accountId,
      action: "user.unlocked",
      target: userTarget(user),
      context,
    });
  });
}

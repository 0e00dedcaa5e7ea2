// A signed-in user typing their password again before something sensitive (changing it,
// revealing the account API key). A wrong password counts as a failed sign-in: its place in the
// sign-in lock-out is reserved before bcrypt runs, as on the sign-in page, so a burst of
// concurrent guesses gets no more checks than one at a time, and each miss is audited as
// auth.sign_in_failed with the channel it came through. A stolen session thus shares the sign-in
// page's lock-out instead of being an unthrottled password oracle.
import { actorOf, recordAudit, type RequestContext, userTarget } from "../audit";
import type { Db } from "../db";
import { verifyPassword } from "./password";
import { reserveSignInAttempt } from "./sign-in-throttle";

export type PasswordConfirmation = { ok: true } | { ok: false; retryAfterMinutes: number } | { ok: false; wrong: true };

export interface ConfirmingUser {
  id: string;
  email: string;
  accountId: string;
  passwordHash: string;
}

export async function confirmPassword(
  db: Db,
  user: ConfirmingUser,
  password: string,
  context: RequestContext,
  channel: string,
): Promise<PasswordConfirmation> {
  const attempt = await reserveSignInAttempt(db, user.email, context.ip);
  if (!attempt.allowed) return { ok: false, retryAfterMinutes: attempt.retryAfterMinutes };
  if (await verifyPassword(password, user.passwordHash)) {
    await attempt.reservation.release();
    return { ok: true };
  }
  await recordAudit(db, {
    actor: actorOf(user),
    accountId: user.accountId,
    action: "auth.sign_in_failed",
    target: userTarget(user),
    context,
    details: { reason: "invalid", channel },
  });
  return { ok: false, wrong: true };
}

/** "try again in 3 minutes" */
export const tooManyWrongPasswords = (minutes: number) =>
  `Too many wrong passwords: try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;

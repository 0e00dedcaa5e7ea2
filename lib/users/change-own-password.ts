// A signed-in user choosing a new password for themself (and the way out of an expired
// password, lib/auth/password-expiry.ts). They prove they know the current one; the new
// one must differ from it. The change bumps sessionVersion, which ends every session the
// user holds, this one included: they sign in again with the new password. It also revokes
// the API tokens the old password bought at the token exchange (lib/credentials/exchanged-tokens.ts).
//
// A wrong current password counts as a failed sign-in (audited as auth.sign_in_failed), so
// whoever holds a stolen session shares the sign-in page's lock-out instead of getting an
// unthrottled password oracle. The place is reserved before the check, as on the sign-in
// page, so a burst of concurrent guesses gets no more checks than one at a time.
import { actorOf, recordAudit, type RequestContext, userTarget } from "../audit";
import { hashPassword, verifyPassword } from "../auth/password";
import { confirmPassword, tooManyWrongPasswords } from "../auth/password-confirmation";
import { revokeExchangedTokens } from "../credentials/exchanged-tokens";
import type { Db } from "../db";
import { newPasswordSchema } from "../validations/user";
import { invalidateCredentialCache } from "../credentials/cache";
import { UserRuleError } from "./errors";

export async function changeOwnPassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  context: RequestContext,
): Promise<void> {
  const newPassword = newPasswordSchema.parse(input.newPassword);
  const user = await db.user.findUnique({ where: { id: userId }, omit: { passwordHash: false } });
  if (!user || user.status !== "active" || user.isApiUser)
    throw new UserRuleError("This account cannot change its password here");
  const confirmed = await confirmPassword(db, user, input.currentPassword, context, "change_password");
  if (!confirmed.ok) {
    throw "wrong" in confirmed
      ? new UserRuleError("Your current password is not correct", "currentPassword")
      : new UserRuleError(tooManyWrongPasswords(confirmed.retryAfterMinutes), "currentPassword");
  }
  if (await verifyPassword(newPassword, user.passwordHash)) {
    throw new UserRuleError("Choose a password different from your current one", "newPassword");
  }
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    const now = new Date();
    // Only if the password is still the one just checked: of two concurrent changes, the
    // second finds the hash replaced and is refused rather than silently overwriting.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash, passwordChangedAt: now, sessionVersion: { increment: 1 } },
    });
    if (count !== 1) throw new UserRuleError("Your password was changed meanwhile; sign in again", "currentPassword");
    const apiTokensRevoked = await revokeExchangedTokens(tx, user.id, now);
    await recordAudit(tx, {
      actor: actorOf(user),
      accountId: user.accountId,
      action: "user.password_changed",
      target: userTarget(user),
      context,
      details: { apiTokensRevoked },
    });
  });
  invalidateCredentialCache();
}

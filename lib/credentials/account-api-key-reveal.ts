// Revealing the account API key again (TrackVia: "it can be copied for use in an integration
// using the clipboard icon"). Only a super admin of the key's own account, and only after
// typing their password again: a session left open on a desk does not hand out the key.
// A wrong password counts against the sign-in lock-out (its place reserved before bcrypt
// runs, as on the sign-in page, so a burst of guesses gets no more checks than one at a time)
// and is audited as a failed sign-in; every reveal is audited. The key itself goes nowhere
// but the answer: never into the audit row, a log line or an error.
import { actorOf, recordAudit, type RequestContext } from "../audit";
import { confirmPassword, tooManyWrongPasswords } from "../auth/password-confirmation";
import type { Db } from "../db";
import type { Admin } from "./actor";
import { CredentialRuleError } from "./errors";
import { sealBinding } from "./issue";
import { accountApiKey } from "./kinds/account-api-key";
import { assertSuperAdmin } from "./require-super-admin";
import { openSealed, SealError } from "./seal";

export const NOT_REVEALABLE_MESSAGE =
  "This API Key was generated before Keyward kept a sealed copy of it, so it cannot be shown again. It was shown once, when it was generated.";
export const WRONG_PASSWORD_MESSAGE = "Your password is not correct";

export interface RevealedAccountApiKey {
  hint: string;
  secret: string;
}

export async function revealAccountApiKey(
  db: Db,
  admin: Admin,
  password: string,
  context: RequestContext,
): Promise<RevealedAccountApiKey> {
  assertSuperAdmin(admin);
  // The role and status as they are now, not as the session remembers them.
  const user = await db.user.findFirst({
    where: { id: admin.id, accountId: admin.accountId, role: "super_admin", status: "active", isApiUser: false },
    omit: { passwordHash: false },
  });
  if (!user) throw new CredentialRuleError("Only super admins may reveal the account API Key.", null, "forbidden");
  // Only the admin's own account's key: the where names it, whatever the form sent.
  const key = await db.credential.findUnique({
    where: { accountKeyOf: user.accountId },
    select: { id: true, hint: true, kind: true, accountId: true, sealedSecret: true },
  });
  if (!key) throw new CredentialRuleError("This account has no API Key yet.", null, "not_found");
  if (key.sealedSecret === null) throw new CredentialRuleError(NOT_REVEALABLE_MESSAGE);

  const confirmed = await confirmPassword(db, user, password, context, "reveal_api_key");
  if (!confirmed.ok) {
    throw "wrong" in confirmed
      ? new CredentialRuleError(WRONG_PASSWORD_MESSAGE, "password")
      : new CredentialRuleError(tooManyWrongPasswords(confirmed.retryAfterMinutes), "password");
  }

  let secret: string;
  try {
    secret = openSealed(key.sealedSecret, sealBinding(accountApiKey.code, key.accountId));
  } catch (error) {
    if (error instanceof SealError)
      throw new CredentialRuleError(
        "The stored copy of the API Key failed its integrity check (changed in the database, or KEYWARD_SECRET changed), so it cannot be shown.",
      );
    throw error;
  }
  // Recorded before the key is handed over: no reveal goes unrecorded.
  await recordAudit(db, {
    actor: actorOf(user),
    action: "account.api_key_revealed",
    target: { type: accountApiKey.code, id: key.id, label: key.hint },
    context,
  });
  return { hint: key.hint, secret };
}

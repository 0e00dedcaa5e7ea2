// Checks an email + password sign-in and records the outcome in the audit log. The answer
// for an unknown email and a wrong password is the same, and takes the same time. The
// status checks (API user, disabled, unverified) come after the password check, so they
// tell nothing to someone who does not know the password.
import { actorOf, recordAudit, type RequestContext, SYSTEM_ACTOR, userTarget } from "../audit";
import type { Db } from "../db";
import { SIGN_IN_PASSWORD_TOO_LONG_MESSAGE, signInSchema } from "../validations/user";
import { burnPasswordCheck, verifyPassword } from "./password";
import { reserveSignInAttempt } from "./sign-in-throttle";

export type SignInRefusal = "invalid" | "password_too_long" | "api_user" | "disabled" | "unverified" | "throttled";

export type SignInResult =
  | {
      ok: true;
      user: {
        id: string;
        email: string;
        name: string;
        role: string;
        sessionVersion: number;
        accountId: string;
        passwordChangedAt: Date;
      };
    }
  | { ok: false; reason: SignInRefusal; retryAfterMinutes?: number };

/**
 * `channel` says where the password came from: the sign-in page, or the API's token
 * exchange (Deskpro). Both share one lock-out: failures are counted for the account and the
 * address whichever door they knocked on.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: unknown; password: unknown },
  context: RequestContext,
  channel: "web" | "token_exchange" = "web",
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  // A password over bcrypt's 72 bytes can never be right (lib/validations/user.ts): said so
  // plainly, with no bcrypt call and nothing counted, as it tells nothing about the account.
  if (!parsed.success)
    return {
      ok: false,
      reason: parsed.error.issues.some((issue) => issue.message === SIGN_IN_PASSWORD_TOO_LONG_MESSAGE)
        ? "password_too_long"
        : "invalid",
    };
  const { email, password } = parsed.data;

  const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  // The place is taken before bcrypt runs, so concurrent guesses cannot all be checked.
  const attempt = await reserveSignInAttempt(db, email, context.ip);
  if (!attempt.allowed) {
    await recordAudit(db, {
      actor: { id: null, label: email, accountId: user?.accountId ?? null },
      // A known user's throttled attempts belong to their account's log (its super admin
      // sees the address and user agent, no other account does); attempts on an email that
      // matches no user belong to no account.
      accountId: user?.accountId ?? null,
      action: "auth.sign_in_throttled",
      target: { type: "user", id: user?.id ?? null, label: email },
      context,
      details: { channel },
    });
    return { ok: false, reason: "throttled", retryAfterMinutes: attempt.retryAfterMinutes };
  }

  const passwordOk = user
    ? await verifyPassword(password, user.passwordHash)
    : (await burnPasswordCheck(password), false);
  // Whoever typed the right password is not guessing, whatever the user's status: only wrong
  // passwords keep their place in the lock-out's counters.
  if (passwordOk) await attempt.reservation.release();

  let refusal: SignInRefusal | null = null;
  if (!user || !passwordOk) refusal = "invalid";
  else if (user.isApiUser) refusal = "api_user";
  else if (user.status === "disabled") refusal = "disabled";
  else if (user.status !== "active") refusal = "unverified";

  if (refusal || !user) {
    await recordAudit(db, {
      actor: user ? { id: user.id, label: user.email, accountId: user.accountId } : { ...SYSTEM_ACTOR, label: email },
      accountId: user?.accountId ?? null,
      // Every refusal is audited as a failed sign-in, with the reason in the details; only
      // a wrong password counts towards the lock-out (lib/auth/sign-in-throttle.ts).
      action: "auth.sign_in_failed",
      target: { type: "user", id: user?.id ?? null, label: email },
      context,
      details: { reason: refusal ?? "invalid", channel },
    });
    return { ok: false, reason: refusal ?? "invalid" };
  }

  const signedIn = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sessionVersion: user.sessionVersion,
    accountId: user.accountId,
    passwordChangedAt: user.passwordChangedAt,
  };
  // The token exchange records its success itself, with the token it issued, in the same
  // transaction (lib/credentials/token-exchange.ts).
  if (channel === "token_exchange") return { ok: true, user: signedIn };
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "auth.sign_in",
      target: userTarget(user),
      context,
    });
  });
  return { ok: true, user: signedIn };
}

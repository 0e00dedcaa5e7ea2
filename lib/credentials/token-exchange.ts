// Deskpro's token exchange (legacy, not recommended): an email and a password in, an API
// token out. It is an open endpoint, so it goes through the same password checks, lock-out
// and audit trail as the sign-in page, and a super admin can switch it off.
import { actorOf, recordAudit, type RequestContext, userTarget } from "../audit";
import { signInWithPassword, type SignInRefusal } from "../auth/sign-in";
import type { Db } from "../db";
import { SIGN_IN_PASSWORD_TOO_LONG_MESSAGE } from "../validations/user";
import { readApiSettings } from "./api-settings";
import { HOUR_MS, IssuanceLimitError, formatWait, issuanceLimits, reserveIssuance } from "./issuance-limits";
import { env } from "../env";
import { CHANGE_PASSWORD_PATH, isPasswordExpired } from "../auth/password-expiry";
import { apiToken } from "./kinds/api-token";
import { expiresAfter } from "./lifecycle";
import { issueAudited } from "./store";

export type ExchangeResult =
  | { ok: true; personId: string; token: string; expiresAt: Date; hint: string }
  | { ok: false; status: number; error: string; description: string; retryAfterMinutes?: number };

const REFUSALS: Record<SignInRefusal, { status: number; error: string; description: string }> = {
  // One answer for an unknown email and a wrong password.
  invalid: { status: 401, error: "invalid_credentials", description: "The email or password is not correct" },
  password_too_long: { status: 400, error: "invalid_request", description: SIGN_IN_PASSWORD_TOO_LONG_MESSAGE },
  api_user: {
    status: 403,
    error: "access_denied",
    description: "API users cannot exchange a password for a token; a super admin creates their auth tokens",
  },
  disabled: { status: 403, error: "access_denied", description: "This user is disabled" },
  unverified: { status: 403, error: "access_denied", description: "This user is not verified yet" },
  throttled: { status: 429, error: "too_many_attempts", description: "Too many failed attempts; try again later" },
};

const EXCHANGE_OFF = {
  status: 403,
  error: "access_denied",
  description: "The token exchange is switched off for this account; use OAuth or ask an admin for an API key",
};

const PASSWORD_EXPIRED = {
  status: 403,
  error: "password_expired",
  description: `The password has expired. Sign in to Keyward and choose a new one at ${CHANGE_PASSWORD_PATH}, then ask for a token again.`,
};

/** A right password refused all the same (switched off, expired): audited in the user's account. */
async function refused(
  db: Db,
  user: { id: string; email: string; accountId: string },
  context: RequestContext,
  reason: "switched_off" | "password_expired",
): Promise<void> {
  await recordAudit(db, {
    actor: actorOf(user),
    action: "auth.token_exchange_refused",
    target: userTarget(user),
    context,
    details: { reason },
  });
}

export async function exchangePasswordForToken(
  db: Db,
  input: { email: unknown; password: unknown },
  context: RequestContext,
  now = new Date(),
  passwordMaxAgeDays = env().passwordMaxAgeDays,
): Promise<ExchangeResult> {
  const signIn = await signInWithPassword(db, input, context, "token_exchange");
  if (!signIn.ok) return { ok: false, ...REFUSALS[signIn.reason], retryAfterMinutes: signIn.retryAfterMinutes };
  const user = signIn.user;
  // The switch belongs to the user's account (lib/credentials/api-settings.ts), so it is read only once the
  // password is known to be right: before that, a switched-off account answers exactly as
  // a wrong password or an unknown email does (401, and the throttled lock-out counts it),
  // so nobody without the password learns whether the email exists or how its account is set.
  if (!(await readApiSettings(db, user.accountId)).allowTokenExchange) {
    await refused(db, user, context, "switched_off");
    return { ok: false, ...EXCHANGE_OFF };
  }
  // The web app sends such a user to choose a new password before anything else; a token
  // bought with the expired one would outlive it by 30 days. Decided after the password
  // check, so it tells nothing to someone who does not know the password.
  // (API users never get here: signInWithPassword refuses them.)
  if (isPasswordExpired({ isApiUser: false, passwordChangedAt: user.passwordChangedAt }, now, passwordMaxAgeDays)) {
    await refused(db, user, context, "password_expired");
    return { ok: false, ...PASSWORD_EXPIRED };
  }
  const expiresAt = expiresAfter(apiToken, now);
  const limit = issuanceLimits().tokenExchangesPerHour;
  const issued = await db
    .$transaction(async (tx) => {
      await reserveIssuance(
        tx,
        {
          key: `tok:${user.id}`,
          limit,
          windowMs: HOUR_MS,
          refusal: (wait) =>
            `This user already obtained ${limit} tokens this hour, the most allowed; use one of them or try again in ${formatWait(wait)}`,
        },
        now,
      );
      return issueAudited(
        tx,
        apiToken,
        { accountId: user.accountId, userId: user.id, createdById: user.id, name: "Token exchange", expiresAt },
        {
          actor: actorOf(user),
          context,
          action: "auth.token_exchange",
          details: { kind: apiToken.code, expiresAt: expiresAt.toISOString() },
        },
      );
    })
    .catch((error: unknown) => {
      if (error instanceof IssuanceLimitError) return error;
      throw error;
    });
  if (issued instanceof IssuanceLimitError) {
    return {
      ok: false,
      status: 429,
      error: "too_many_requests",
      description: issued.message,
      retryAfterMinutes: Math.ceil(issued.retryAfterSeconds / 60),
    };
  }
  return { ok: true, personId: user.id, token: issued.secret, expiresAt, hint: issued.hint };
}

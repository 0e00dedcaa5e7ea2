// Deskpro's token exchange (legacy, not recommended): an email and a password in, an API
// token out. It is an open endpoint, so it goes through the same password checks, lock-out
// and audit trail as the sign-in page, and a super admin can switch it off.
import { recordAudit, type RequestContext } from "../audit";
import { signInWithPassword, type SignInRefusal } from "../auth/sign-in";
import type { Db } from "../db";
import { env } from "../env";
import { CHANGE_PASSWORD_PATH, isPasswordExpired } from "../users/password-expiry";
import { issueCredential } from "./issue";
import { API_TOKEN_LIFETIME_DAYS, apiToken } from "./kinds/api-token";

export type ExchangeResult =
  | { ok: true; personId: string; token: string; expiresAt: Date; hint: string }
  | { ok: false; status: number; error: string; description: string; retryAfterMinutes?: number };

const REFUSALS: Record<SignInRefusal, { status: number; error: string; description: string }> = {
  // One answer for an unknown email and a wrong password.
  invalid: { status: 401, error: "invalid_credentials", description: "The email or password is not correct" },
  api_user: { status: 403, error: "access_denied", description: "API users cannot exchange a password for a token; a super admin creates their auth tokens" },
  disabled: { status: 403, error: "access_denied", description: "This user is disabled" },
  unverified: { status: 403, error: "access_denied", description: "This user is not verified yet" },
  throttled: { status: 429, error: "too_many_attempts", description: "Too many failed attempts; try again later" },
};

const PASSWORD_EXPIRED = {
  status: 403,
  error: "password_expired",
  description: `The password has expired. Sign in to Keyward and choose a new one at ${CHANGE_PASSWORD_PATH}, then ask for a token again.`,
};

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
  // The web app sends such a user to choose a new password before anything else; a token
  // bought with the expired one would outlive it by 30 days. Decided after the password
  // check, so it tells nothing to someone who does not know the password.
  // (API users never get here: signInWithPassword refuses them.)
  if (isPasswordExpired({ isApiUser: false, passwordChangedAt: user.passwordChangedAt }, now, passwordMaxAgeDays)) {
    await recordAudit(db, {
      actor: { id: user.id, label: user.email, accountId: user.accountId },
      action: "auth.token_exchange_refused",
      target: { type: "user", id: user.id, label: user.email },
      context,
      details: { reason: "password_expired" },
    });
    return { ok: false, ...PASSWORD_EXPIRED };
  }
  const expiresAt = new Date(now.getTime() + API_TOKEN_LIFETIME_DAYS * 86_400_000);
  const issued = await db.$transaction(async (tx) => {
    const credential = await issueCredential(tx, apiToken, { accountId: user.accountId, userId: user.id, createdById: user.id, name: "Token exchange", expiresAt });
    await recordAudit(tx, {
      actor: { id: user.id, label: user.email, accountId: user.accountId },
      action: "auth.token_exchange",
      target: { type: apiToken.code, id: credential.id, label: credential.hint },
      context,
      details: { kind: apiToken.code, expiresAt: expiresAt.toISOString() },
    });
    return credential;
  });
  return { ok: true, personId: user.id, token: issued.secret, expiresAt, hint: issued.hint };
}

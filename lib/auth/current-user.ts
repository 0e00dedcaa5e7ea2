import "server-only";
// The guards every page, server action and route handler calls. The session cookie only
// says who claims to be signed in; the database says whether that still holds: the user
// exists, is active, is not an API user, and has the sessionVersion the session was made
// with (bumped by lib/users/update-user.ts to end sessions at once), and the session itself
// is neither signed out nor past its absolute lifetime (lib/auth/web-sessions.ts). A user whose password
// has expired (lib/auth/password-expiry.ts) is signed in, but every guarded page and
// action sends them to /account/password until they choose a new one.
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { db } from "../db";
import { env } from "../env";
import { CHANGE_PASSWORD_PATH, isPasswordExpired } from "./password-expiry";
import { authOptions } from "./options";
import { roleSchema, type Role } from "../access/roles";
import { sessionCutoff } from "./web-sessions";

export interface CurrentUser {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: Role;
  advertiserId: string | null;
  publisherId: string | null;
  /** The password is older than KEYWARD_PASSWORD_MAX_AGE_DAYS: only /account/password is open. */
  passwordExpired: boolean;
  /** When this browser session signed in (OpenID Connect's auth_time). */
  signedInAt: Date;
}

export { CHANGE_PASSWORD_PATH };

export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = (await getServerSession(authOptions())) as { uid?: string; sv?: number; sid?: string } | null;
  if (!session?.uid || typeof session.sv !== "number" || typeof session.sid !== "string") return null;
  const user = await (
    await db()
  ).user.findUnique({
    where: { id: session.uid },
    select: {
      id: true,
      accountId: true,
      email: true,
      name: true,
      role: true,
      status: true,
      isApiUser: true,
      sessionVersion: true,
      advertiserId: true,
      publisherId: true,
      passwordChangedAt: true,
      // Read in the same query: this session, if it is still open and within its lifetime.
      webSessions: {
        where: { id: session.sid, endedAt: null, signedInAt: { gt: sessionCutoff(Date.now()) } },
        select: { id: true, signedInAt: true },
      },
    },
  });
  if (
    !user ||
    user.status !== "active" ||
    user.isApiUser ||
    user.sessionVersion !== session.sv ||
    user.webSessions.length === 0
  )
    return null;
  const role = roleSchema.safeParse(user.role);
  if (!role.success) return null;
  return {
    id: user.id,
    accountId: user.accountId,
    email: user.email,
    name: user.name,
    role: role.data,
    advertiserId: user.advertiserId,
    publisherId: user.publisherId,
    passwordExpired: isPasswordExpired(user, new Date(), env().passwordMaxAgeDays),
    signedInAt: user.webSessions[0]!.signedInAt,
  };
}

/**
 * Whether the browser still sent a session cookie (one that no longer holds): only then is
 * there a session to say has ended. A first-time visitor has none and is told nothing.
 * next-auth's cookie is next-auth.session-token (__Secure- over https; .0, .1 when chunked).
 */
async function hadSession(): Promise<boolean> {
  return (await cookies())
    .getAll()
    .some((cookie) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(cookie.name));
}

/**
 * For pages and server actions: the signed-in user, or a redirect to the sign-in page; a
 * user whose password expired is sent to choose a new one (only that page passes
 * `allowExpiredPassword`).
 */
export async function requireUser(
  options: { allowExpiredPassword?: boolean; callbackUrl?: string } = {},
): Promise<CurrentUser> {
  const user = await getCurrentUser();
  // callbackUrl: a same-site path to come back to after sign-in (the consent page keeps the
  // app's authorization request this way).
  if (!user)
    redirect(
      options.callbackUrl
        ? `/sign-in?callbackUrl=${encodeURIComponent(options.callbackUrl)}`
        : (await hadSession())
          ? "/sign-in?reason=session-ended"
          : "/sign-in",
    );
  if (user.passwordExpired && !options.allowExpiredPassword) redirect(CHANGE_PASSWORD_PATH);
  return user;
}

/** The signed-in user when their role is one of `roles`; otherwise 403 (never just a hidden button). */
export async function requireRole(...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) forbidden();
  return user;
}

// Signed-in browser sessions. next-auth keeps the session in a signed cookie (JWT) that it
// renews on every read, so on its own a copied cookie outlives sign-out and renewal never
// ends. Each sign-in therefore starts a WebSession row that the token names (`sid`), and
// the token records when the user signed in (`sia`):
// - signing out ends that one row, so the copy of that cookie is refused everywhere, while
//   the same user's other browsers stay signed in (bumping User.sessionVersion would have
//   signed them all out; that stays for what must end every session: disable, role,
//   password);
// - a session lives SESSION_MAX_AGE_SECONDS from sign-in whatever renewals happened.
import { randomBytes } from "node:crypto";
import { actorOf, recordAudit, type RequestContext, userTarget } from "../audit";
import type { Db } from "../db";

/** The absolute lifetime of a browser session, counted from sign-in. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** The earliest sign-in time a session may have at `now` and still be usable. */
export function sessionCutoff(now: number): Date {
  return new Date(now - SESSION_MAX_AGE_SECONDS * 1000);
}

/** `signedInAt`: seconds since the epoch, as the token carries it; anything else is outlived. */
export function sessionOutlived(signedInAt: unknown, now = Date.now()): boolean {
  return (
    typeof signedInAt !== "number" || !Number.isFinite(signedInAt) || signedInAt * 1000 <= sessionCutoff(now).getTime()
  );
}

export async function startWebSession(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ id: string; signedInAt: Date }> {
  const id = randomBytes(24).toString("base64url");
  // Whole seconds: the token carries seconds, and both must name the same instant.
  const signedInAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  await db.$transaction(async (tx) => {
    // The user's finished sessions are of no further use: tidied here, so the table holds
    // at most one user's sign-ins of the last SESSION_MAX_AGE_SECONDS.
    await tx.webSession.deleteMany({
      where: { userId, OR: [{ endedAt: { not: null } }, { signedInAt: { lte: sessionCutoff(now.getTime()) } }] },
    });
    await tx.webSession.create({ data: { id, userId, signedInAt } });
  });
  return { id, signedInAt };
}

/** Ends one session (the one signing out); audited in the user's account. */
export async function endWebSession(
  db: Db,
  sessionId: string,
  userId: string,
  context: RequestContext,
  now = new Date(),
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.webSession.updateMany({
      where: { id: sessionId, userId, endedAt: null },
      data: { endedAt: now },
    });
    if (count === 0) return false;
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, accountId: true },
    });
    if (!user) return false;
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "auth.sign_out",
      target: userTarget(user),
      context,
    });
    return true;
  });
}

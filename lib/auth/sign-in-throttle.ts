// Failed password checks are limited per account (the email as typed, known or not) and per
// client address, on every path that checks a password: the sign-in page, the token
// exchange and changing one's own password.
//
// Each attempt RESERVES its place before the password is checked, with one conditional
// update of a counter row (SignInThrottleBucket): "failures + 1 where failures < limit and
// the window is the one I read". Checking a count and writing the failure after bcrypt
// (~250 ms) let every guess of a burst read the same low count; a conditional update is
// decided by the database row lock (PostgreSQL re-checks the WHERE on the row's newest
// version; SQLite runs one writer at a time), so of 40 or 200 concurrent guesses at most
// `limit` get through, whichever instance they reach. A correct password gives its place
// back (release); a wrong one keeps it, and is audited as auth.sign_in_failed by the caller.
//
// Counters, not audit rows: counting audit rows cannot be made atomic with the check without
// locking the whole audit table, and a counter row is one small locked row per key.
// The window is fixed (15 minutes from the first failure of a window): locked while
// `limit` failures sit in it, open again when it ends.
import type { Db, Tx } from "../db";

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failures per account (email) within the window before that account is locked. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failures per client address within the window before that address is refused. */
export const MAX_FAILURES_PER_ADDRESS = 20;

type Scope = "account" | "address";

const LIMITS: Record<Scope, number> = { account: MAX_FAILURES_PER_ACCOUNT, address: MAX_FAILURES_PER_ADDRESS };

// A compare-and-swap rarely loses more than once (only when a window restarts at the same
// moment); past this many losses the attempt is refused rather than let through unreserved.
const MAX_RESERVE_TRIES = 5;

interface Held {
  scope: Scope;
  key: string;
  windowStart: Date;
}

export interface SignInReservation {
  /** The password was right: the attempt is not a failure, give its places back. */
  release(): Promise<void>;
}

export type ReserveResult =
  | { allowed: true; reservation: SignInReservation }
  | { allowed: false; /** Whole minutes until the next attempt is allowed (at least 1). */ retryAfterMinutes: number };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Creates the bucket if it is missing; a concurrent creator winning the race is fine. */
async function ensureBucket(db: Db, scope: Scope, key: string): Promise<void> {
  try {
    // An already expired window (the epoch): the first reservation restarts it.
    await db.signInThrottleBucket.create({ data: { scope, key, failures: 0, windowStart: new Date(0) } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

async function reserveBucket(
  db: Db,
  scope: Scope,
  key: string,
  now: Date,
): Promise<{ held: Held } | { opensAt: Date }> {
  const limit = LIMITS[scope];
  const cutoff = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  for (let attempt = 0; attempt < MAX_RESERVE_TRIES; attempt++) {
    const bucket = await db.signInThrottleBucket.findUnique({ where: { scope_key: { scope, key } } });
    if (!bucket) {
      await ensureBucket(db, scope, key);
      continue;
    }
    if (bucket.windowStart.getTime() <= cutoff.getTime()) {
      // The window ended: start a new one with this attempt in it, unless another attempt
      // restarted it first (then the row no longer has the window read here).
      const restarted = await db.signInThrottleBucket.updateMany({
        where: { scope, key, windowStart: bucket.windowStart },
        data: { failures: 1, windowStart: now },
      });
      if (restarted.count === 1) return { held: { scope, key, windowStart: now } };
      continue;
    }
    if (bucket.failures >= limit) return { opensAt: new Date(bucket.windowStart.getTime() + SIGN_IN_WINDOW_MS) };
    // The one statement that decides: it matches only while there is room in this window.
    const counted = await db.signInThrottleBucket.updateMany({
      where: { scope, key, windowStart: bucket.windowStart, failures: { lt: limit } },
      data: { failures: { increment: 1 } },
    });
    if (counted.count === 1) return { held: { scope, key, windowStart: bucket.windowStart } };
  }
  // Stryker disable next-line ArithmeticOperator: minutesUntil answers at least one minute, so an opening a minute ago reads the same
  return { opensAt: new Date(now.getTime() + 60_000) };
}

async function releaseBucket(db: Db, held: Held): Promise<void> {
  // Only within the window the place was taken in: a window restarted since holds other
  // attempts' failures, not this one.
  await db.signInThrottleBucket.updateMany({
    where: { scope: held.scope, key: held.key, windowStart: held.windowStart, failures: { gt: 0 } },
    data: { failures: { decrement: 1 } },
  });
}

function minutesUntil(opensAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((opensAt.getTime() - now.getTime()) / 60_000));
}

/**
 * Takes one place for a password check on `email` from `ip` (no address: the account limit
 * alone). Call it BEFORE checking the password; on a correct password call `release()`.
 */
export async function reserveSignInAttempt(
  db: Db,
  email: string,
  ip: string | null,
  now = new Date(),
): Promise<ReserveResult> {
  const account = await reserveBucket(db, "account", email, now);
  if ("opensAt" in account) return { allowed: false, retryAfterMinutes: minutesUntil(account.opensAt, now) };
  const held: Held[] = [account.held];
  if (ip) {
    const address = await reserveBucket(db, "address", ip, now);
    if ("opensAt" in address) {
      // No password is checked, so the account's place is given back.
      await releaseBucket(db, account.held);
      return { allowed: false, retryAfterMinutes: minutesUntil(address.opensAt, now) };
    }
    held.push(address.held);
  }
  let released = false;
  return {
    allowed: true,
    reservation: {
      async release() {
        if (released) return;
        released = true;
        for (const place of held) await releaseBucket(db, place);
      },
    },
  };
}

export interface AccountLock {
  lockedUntil: Date;
  /** The client addresses of the failures in the locking window, most recent first. */
  addresses: string[];
}

/** Whether `email`'s account is locked now, until when and from which addresses. */
export async function accountLock(db: Db, email: string, now = new Date()): Promise<AccountLock | null> {
  const bucket = await db.signInThrottleBucket.findUnique({ where: { scope_key: { scope: "account", key: email } } });
  if (!bucket || bucket.failures < MAX_FAILURES_PER_ACCOUNT) return null;
  const lockedUntil = new Date(bucket.windowStart.getTime() + SIGN_IN_WINDOW_MS);
  if (lockedUntil.getTime() <= now.getTime()) return null;
  const failures = await db.auditEvent.findMany({
    where: { action: "auth.sign_in_failed", targetLabel: email, createdAt: { gte: bucket.windowStart } },
    orderBy: { createdAt: "desc" },
    select: { ip: true },
    take: 100,
  });
  const addresses = [...new Set(failures.map((event) => event.ip ?? "unknown"))];
  return { lockedUntil, addresses };
}

/** Clears `email`'s account lock-out (its failures in the current window). True if it held any. */
export async function clearAccountLock(tx: Db | Tx, email: string): Promise<boolean> {
  const { count } = await tx.signInThrottleBucket.deleteMany({
    where: { scope: "account", key: email, failures: { gt: 0 } },
  });
  return count > 0;
}

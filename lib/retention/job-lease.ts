// A lease on a periodic job, held in the database so that of several Keyward instances on one
// PostgreSQL database (or several processes on one SQLite file) one runs the job at a time.
// A lease rather than pg_try_advisory_xact_lock: the job runs in many short transactions (one
// per batch, so it never holds a long lock), which a transaction-scoped lock cannot span, and
// the same two statements work on SQLite. A holder that dies leaves a lease that expires.
import type { Db } from "../db";

/** Takes or extends the lease `name` for `holder` until `ttlMs` after `now`; true when held. */
type LeaseClaim = (db: Db, name: string, holder: string, ttlMs: number, now?: Date) => Promise<boolean>;

export const acquireLease: LeaseClaim = async (db, name, holder, ttlMs, now = new Date()) => {
  const expiresAt = new Date(now.getTime() + ttlMs);
  // Conditional on "expired": of two instances racing for a lapsed lease, one updates it and
  // the other finds it taken (PostgreSQL re-checks the condition after waiting for the row).
  const taken = await db.jobLease.updateMany({ where: { name, expiresAt: { lte: now } }, data: { holder, expiresAt } });
  if (taken.count === 1) return true;
  try {
    await db.jobLease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (error) {
    // The row exists: someone holds an unexpired lease (or just created it).
    if ((error as { code?: unknown }).code === "P2002") return false;
    throw error;
  }
};

/** Extends a lease this holder still has; false when it lapsed and someone else took it. */
export const renewLease: LeaseClaim = async (db, name, holder, ttlMs, now = new Date()) => {
  const renewed = await db.jobLease.updateMany({
    where: { name, holder },
    data: { expiresAt: new Date(now.getTime() + ttlMs) },
  });
  return renewed.count === 1;
};

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.jobLease.deleteMany({ where: { name, holder } });
}

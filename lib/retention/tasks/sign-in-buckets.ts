// The sign-in lock-out's counters (lib/auth/sign-in-throttle.ts): a bucket whose 15-minute
// window has ended counts nothing (the next attempt restarts it), so it is removed. Every
// typed email and every client address gets one, so without this they grow with every guess.
import { SIGN_IN_WINDOW_MS } from "../../auth/sign-in-throttle";
import type { PurgeTask } from "./purge-task";

export const purgeSignInBuckets: PurgeTask = {
  name: "signInBuckets",
  async purgeBatch(db, { now, batchSize }) {
    const spent = { windowStart: { lt: new Date(now.getTime() - SIGN_IN_WINDOW_MS) } };
    return db.$transaction(async (tx) => {
      const rows = await tx.signInThrottleBucket.findMany({
        where: spent,
        select: { scope: true, key: true },
        take: batchSize,
      });
      if (rows.length === 0) return { found: 0, deleted: 0 };
      // Still spent when deleted: an attempt in between restarts the window and keeps its row.
      const removed = await tx.signInThrottleBucket.deleteMany({
        where: { AND: [spent, { OR: rows.map(({ scope, key }) => ({ scope, key })) }] },
      });
      return { found: rows.length, deleted: removed.count };
    });
  },
};

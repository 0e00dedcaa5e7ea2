import type { Db } from "../../db";

/** What one run of the retention job keeps and removes. */
export interface PurgePolicy {
  now: Date;
  /** Expired and revoked credentials are kept this many days after they expired or were revoked. */
  retentionDays: number;
  /** Rows per transaction: one batch never holds a lock for long. */
  batchSize: number;
}

/**
 * One kind of row the retention job removes. `purgeBatch` deletes at most `batchSize` rows in
 * one transaction (with whatever must change alongside them) and says how many rows it found
 * and deleted; the job calls it again while a full batch was found.
 */
export interface PurgeTask {
  /** The key of this task's count in the run's audit event. */
  name: string;
  purgeBatch(db: Db, policy: PurgePolicy): Promise<{ found: number; deleted: number }>;
}

export const DAY_MS = 86_400_000;

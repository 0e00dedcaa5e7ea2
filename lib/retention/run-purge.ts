// One run of the retention job: every purge task, batch by batch, under a lease so that one
// instance at a time runs it; a run that deleted anything is audited as an installation-wide
// system event with its counts.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setImmediate as yieldToRequests } from "node:timers/promises";
import { NO_REQUEST, SYSTEM_ACTOR, recordAudit } from "../audit";
import type { Db } from "../db";
import { acquireLease, releaseLease, renewLease } from "./job-lease";
import { PURGE_TASKS } from "./tasks";
import type { PurgeTask } from "./tasks/purge-task";

export const PURGE_LEASE = "retention";
/** Long enough for a few batches; renewed after each one. */
const LEASE_TTL_MS = 5 * 60_000;
export const PURGE_BATCH_SIZE = 500;

export interface PurgeOptions {
  retentionDays: number;
  now?: Date;
  batchSize?: number;
  tasks?: readonly PurgeTask[];
}

export type PurgeOutcome = { ran: false } | { ran: true; deleted: Record<string, number> };

export async function runPurge(db: Db, options: PurgeOptions): Promise<PurgeOutcome> {
  const holder = `${hostname()}:${process.pid}:${randomBytes(6).toString("hex")}`;
  if (!(await acquireLease(db, PURGE_LEASE, holder, LEASE_TTL_MS))) return { ran: false };
  const policy = {
    now: options.now ?? new Date(),
    retentionDays: options.retentionDays,
    batchSize: options.batchSize ?? PURGE_BATCH_SIZE,
  };
  const deleted: Record<string, number> = {};
  try {
    tasks: for (const task of options.tasks ?? PURGE_TASKS) {
      deleted[task.name] = 0;
      for (;;) {
        const batch = await task.purgeBatch(db, policy);
        deleted[task.name]! += batch.deleted;
        if (batch.found < policy.batchSize) break;
        // Between batches: let requests waiting for the database in, and keep the lease; one
        // that lapsed (this process stalled) belongs to someone else now, who carries on.
        await yieldToRequests();
        if (!(await renewLease(db, PURGE_LEASE, holder, LEASE_TTL_MS))) break tasks;
      }
    }
    if (Object.values(deleted).some((count) => count > 0)) {
      await recordAudit(db, {
        actor: SYSTEM_ACTOR,
        action: "retention.purged",
        context: NO_REQUEST,
        details: { ...deleted, retentionDays: policy.retentionDays },
      });
    }
  } finally {
    await releaseLease(db, PURGE_LEASE, holder);
  }
  // Nothing deleted was usable (expired or revoked long ago, or spent), so no cache holds a
  // credential that works: the verifier's cache needs no invalidation.
  return { ran: true, deleted };
}

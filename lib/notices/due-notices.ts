// The credentials whose notice for a threshold is due and not yet claimed. One range query per
// threshold on Credential.expiresAt (its index) with the claim looked up by its unique
// (credentialId, threshold) index, read in keyset pages so a sweep never loads every expiring
// credential at once. Revoked, deactivated and rolled credentials (a rolled key was replaced
// on purpose) are left out.
import type { Db } from "../db";
import { NOTICE_KINDS } from "./notice-kinds";
import { crossedWhileExisting, THRESHOLDS, thresholdWindow, type Threshold } from "./thresholds";

const PAGE = 200;

export interface DueNotice {
  threshold: Threshold;
  credential: {
    id: string;
    accountId: string;
    kind: string;
    name: string;
    hint: string;
    userId: string | null;
    expiresAt: Date;
  };
}

type Cursor = { expiresAt: Date; id: string };
type CandidateRow = Omit<DueNotice["credential"], "expiresAt"> & { expiresAt: Date | null; createdAt: Date };

/** Pages of due notices at `now`, every threshold in turn. */
export async function* dueNotices(db: Db, now: Date): AsyncGenerator<DueNotice[]> {
  for (const threshold of THRESHOLDS) {
    const { from, to } = thresholdWindow(threshold, now);
    let after: Cursor | null = null;
    for (;;) {
      const rows: CandidateRow[] = await db.credential.findMany({
        where: {
          expiresAt: { gt: from, lte: to },
          ...(after
            ? { OR: [{ expiresAt: { gt: after.expiresAt } }, { expiresAt: after.expiresAt, id: { gt: after.id } }] }
            : {}),
          kind: { in: [...NOTICE_KINDS] },
          status: "active",
          rolledAt: null,
          expiryNotices: { none: { threshold } },
        },
        orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
        take: PAGE,
        select: {
          id: true,
          accountId: true,
          kind: true,
          name: true,
          hint: true,
          userId: true,
          expiresAt: true,
          createdAt: true,
        },
      });
      const due: DueNotice[] = [];
      for (const { createdAt, expiresAt, ...rest } of rows) {
        if (expiresAt && crossedWhileExisting(createdAt, expiresAt, threshold))
          due.push({ threshold, credential: { ...rest, expiresAt } });
      }
      if (due.length > 0) yield due;
      const last: CandidateRow | undefined = rows.at(-1);
      if (rows.length < PAGE || !last?.expiresAt) break;
      after = { expiresAt: last.expiresAt, id: last.id };
    }
  }
}

// Reading the audit log of one account: newest first, one page at a time.
import type { Db } from "./db";
import { pageCount, pageWindow, type Page } from "./pagination";

export interface AuditRow {
  id: string;
  actorLabel: string;
  action: string;
  targetLabel: string | null;
  ip: string | null;
  createdAt: Date;
}

export async function listAuditEvents(db: Db, accountId: string, page: number): Promise<Page<AuditRow>> {
  // Events with no account (sign-in attempts for unknown emails) are shown to every
  // account's super admins: they are attacks on the installation, not on one tenant.
  const where = { OR: [{ accountId }, { accountId: null }] };
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page),
      select: { id: true, actorLabel: true, action: true, targetLabel: true, ip: true, createdAt: true },
    }),
  ]);
  return { rows, page, pageCount: pageCount(total), total };
}

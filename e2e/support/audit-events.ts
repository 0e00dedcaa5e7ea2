// Audit events arranged directly in the server's database, with dates far in the past that
// no other spec writes, so a filtered Audit Log page shows exactly these rows.
import { randomBytes } from "node:crypto";
import type { TestInfo } from "@playwright/test";
import type { AuditAction } from "@/lib/audit";
import { databaseFor } from "./state";
import { accountIdFor } from "./users";

export interface ArrangedEvent {
  at: string;
  actor: string;
  action: AuditAction;
  target?: string;
  targetType?: string;
  ip?: string;
  details?: Record<string, string | number | boolean | null>;
  /** Defaults to the e2e account; null for an installation-wide event; a string for another account. */
  accountId?: string | null;
}

/** A tag that makes this test's actor emails its own. */
export function uniqueTag(): string {
  return randomBytes(4).toString("hex");
}

export async function arrangeAuditEvents(testInfo: TestInfo, events: ArrangedEvent[]): Promise<void> {
  const db = await databaseFor(testInfo);
  const accountId = await accountIdFor(testInfo);
  await db.auditEvent.createMany({
    data: events.map((event) => ({
      accountId: event.accountId === undefined ? accountId : event.accountId,
      actorLabel: event.actor,
      action: event.action,
      targetType: event.target ? (event.targetType ?? "user") : null,
      targetLabel: event.target ?? null,
      ip: event.ip ?? null,
      details: event.details ? JSON.stringify(event.details) : null,
      createdAt: new Date(event.at),
    })),
  });
}

export async function arrangeOtherAccount(testInfo: TestInfo): Promise<string> {
  const db = await databaseFor(testInfo);
  return (await db.account.create({ data: { name: "Another Network" } })).id;
}

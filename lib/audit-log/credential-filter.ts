// What the Audit Log's credential filter chip calls the credential it narrows to: its name and
// hint while it exists, its hint from its last event once it is deleted (events outlive it),
// or nothing for an id this account never had (another account's id reads as unknown).
import { kindByCode } from "../credentials/kinds";
import type { Db } from "../db";

export interface FilteredCredential {
  /** Null once the credential is deleted: only its events remain. */
  name: string | null;
  hint: string | null;
  /** Whether its detail page can still be opened. */
  exists: boolean;
}

export async function filteredCredential(db: Db, accountId: string, id: string): Promise<FilteredCredential | null> {
  const credential = await db.credential.findFirst({
    where: { id, accountId },
    select: { name: true, hint: true },
  });
  if (credential) return { ...credential, exists: true };
  const event = await db.auditEvent.findFirst({
    where: { accountId, targetId: id },
    orderBy: [{ accountId: "desc" }, { targetId: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    select: { targetLabel: true },
  });
  return event ? { name: null, hint: event.targetLabel, exists: false } : null;
}

/**
 * Of the credentials these events target, the ones the account still holds: the Audit Log's
 * Target links to their pages (a deleted credential's events stay, unlinked). One query a page.
 */
export async function presentCredentialIds(
  db: Db,
  accountId: string,
  events: { targetType: string | null; targetId: string | null }[],
): Promise<Set<string>> {
  const ids = [
    ...new Set(
      events
        .filter((event) => event.targetType !== null && kindByCode(event.targetType) !== undefined)
        .map((event) => event.targetId)
        .filter((id): id is string => id !== null),
    ),
  ];
  if (ids.length === 0) return new Set();
  const found = await db.credential.findMany({ where: { id: { in: ids }, accountId }, select: { id: true } });
  return new Set(found.map((row) => row.id));
}

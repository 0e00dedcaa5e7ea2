// Bulk Deactivate / Revoke from the Credentials list: a super admin ticks credentials of any
// kind and confirms once. Each credential is changed only if its kind's lifecycle lets a super
// admin do that in its state (lifecycle.ts); the others are skipped with the reason. The whole
// selection is one transaction, with one audit event per credential changed.
import { z } from "zod";
import { actorOf, recordAudit, type AuditAction, type RequestContext } from "../audit";
import type { Db } from "../db";
import { PAGE_SIZE } from "../pagination";
import type { Admin } from "./actor";
import { describeKinds } from "./kind-counts";
import { kindByCode } from "./kinds";
import { credentialState, isAllowed, STATE_LABELS, type CredentialState } from "./lifecycle";
import { assertSuperAdmin } from "./require-super-admin";
import { changeCredentials } from "./store";

export { describeKinds };

export const BULK_OPERATIONS = ["deactivate", "revoke"] as const;
export type BulkOperation = (typeof BULK_OPERATIONS)[number];

const AUDIT_ACTIONS: Record<BulkOperation, AuditAction> = {
  deactivate: "credential.deactivated",
  revoke: "credential.revoked",
};

/** What the form sends: the operation and the ticked ids (at most one page of them). */
export const bulkChangeSchema = z.object({
  operation: z.enum(BULK_OPERATIONS, { error: "Choose Deactivate or Revoke." }),
  ids: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Unknown credential; reload the page."))
    .min(1, "Select at least one credential.")
    .max(PAGE_SIZE, `Select at most ${PAGE_SIZE} credentials at once.`)
    .transform((ids) => [...new Set(ids)]),
});
export type BulkChangeInput = z.input<typeof bulkChangeSchema>;

export interface BulkItem {
  id: string;
  hint: string;
  kindLabel: string;
}

export interface BulkSkip extends BulkItem {
  reason: string;
}

export interface BulkChangeResult {
  operation: BulkOperation;
  changed: BulkItem[];
  skipped: BulkSkip[];
  /** Ids that are not credentials of this account (made up, deleted, or another account's). */
  unknown: number;
}

/**
 * Why a kind's lifecycle does not let a super admin do this to a credential in this state; null
 * when it does. The list asks it per row (what the confirmation says will be skipped), and the
 * change asks it again on the state it reads in its transaction.
 */
export function bulkRefusal(kindCode: string, operation: BulkOperation, state: CredentialState): string | null {
  const kind = kindByCode(kindCode);
  if (!kind) return "Unknown kind.";
  if (isAllowed(kind, operation, "super_admin", state)) return null;
  if (kind.policy[operation]?.super_admin === undefined)
    return kind.refusals?.[operation] ?? `A ${kind.label} cannot be ${operation}d.`;
  return `It is ${STATE_LABELS[state].toLowerCase()}.`;
}

/**
 * Deactivates or revokes the credentials of `ids` that the admin's account holds and the
 * kind allows; skips the rest, saying why. Conditional writes on the state just read: of two
 * bulk changes racing, the second finds nothing left to change and records nothing.
 */
export async function bulkChangeCredentials(
  db: Db,
  admin: Admin,
  input: { operation: BulkOperation; ids: string[] },
  context: RequestContext,
  now: Date = new Date(),
): Promise<BulkChangeResult> {
  assertSuperAdmin(admin);
  const { operation, ids } = bulkChangeSchema.parse(input);
  return changeCredentials(db, async (tx) => {
    // The account is in the where: another account's ids are never read, let alone changed.
    const rows = await tx.credential.findMany({
      where: { id: { in: ids }, accountId: admin.accountId },
      select: {
        id: true,
        kind: true,
        hint: true,
        name: true,
        status: true,
        expiresAt: true,
        rolledAt: true,
        user: { select: { email: true } },
      },
      orderBy: { id: "asc" },
    });
    const result: BulkChangeResult = { operation, changed: [], skipped: [], unknown: ids.length - rows.length };
    for (const row of rows) {
      const item = { id: row.id, hint: row.hint, kindLabel: kindByCode(row.kind)?.label ?? row.kind };
      const reason = bulkRefusal(row.kind, operation, credentialState(row, now));
      if (reason) {
        result.skipped.push({ ...item, reason });
        continue;
      }
      const changed = await tx.credential.updateMany({
        where:
          operation === "revoke"
            ? { id: row.id, status: { not: "revoked" } }
            : { id: row.id, status: row.status, rolledAt: null },
        data: operation === "revoke" ? { status: "revoked", revokedAt: now } : { status: "inactive" },
      });
      if (changed.count === 0) {
        result.skipped.push({ ...item, reason: "It was changed by someone else meanwhile." });
        continue;
      }
      await recordAudit(tx, {
        actor: actorOf(admin),
        action: AUDIT_ACTIONS[operation],
        target: { type: row.kind, id: row.id, label: row.hint },
        context,
        details: { kind: row.kind, name: row.name, owner: row.user?.email ?? null, from: "Credentials page (bulk)" },
      });
      result.changed.push(item);
    }
    return result;
  });
}

const DONE: Record<BulkOperation, string> = { deactivate: "Deactivated", revoke: "Revoked" };

/** What the list says once a bulk change is done: what changed, and what was skipped and why. */
export function describeBulkResult(result: BulkChangeResult): string[] {
  const lines = [
    result.changed.length === 0
      ? `Nothing was ${DONE[result.operation].toLowerCase()}.`
      : `${DONE[result.operation]} ${result.changed.length} ${result.changed.length === 1 ? "credential" : "credentials"}: ${describeKinds(result.changed)}.`,
  ];
  for (const skipped of result.skipped) lines.push(`Skipped ${skipped.hint} (${skipped.kindLabel}): ${skipped.reason}`);
  if (result.unknown > 0)
    lines.push(
      `Skipped ${result.unknown} that ${result.unknown === 1 ? "is" : "are"} not a credential of this account.`,
    );
  return lines;
}

// What Keyward does with one reported token: check its form and checksum first (no look-up for
// a token that cannot be a Keyward secret), then find it by its keyed hash and make it unusable
// as its kind's lifecycle allows, audited, in one transaction per token. The token itself is
// never logged or stored: only its hint (prefix and last four characters) reaches the audit log.
//
// What each kind gets (lib/credentials/kinds):
// - revocable kinds (API credentials, API keys, API tokens, OAuth access tokens, OAuth client
//   secrets): revoked, as a super admin's Revoke would; an OAuth refresh token with every token
//   of its family (the consent it grew from), as a replay of it would be;
// - auth tokens (never revoked, TrackVia): deactivated; a super admin may delete it later;
// - the account API key (never changed, TrackVia): kept, because it is worthless alone (every
//   request also needs an auth token, each a secret of its own), but the leak is recorded and the
//   account's super admins are told, so they can deactivate the auth tokens if they judge so;
// - authorization codes are not stored as credentials (single use, five minutes, worthless
//   without the app's PKCE verifier): never looked up, a false positive.
import { createHash } from "node:crypto";
import { recordAudit, type Actor, type AuditAction, type RequestContext } from "../../audit";
import type { Db } from "../../db";
import { parseSecret } from "../format";
import { hashSecret } from "../hash";
import { kindByCode } from "../kinds";
import { oauthRefreshToken } from "../kinds/oauth-refresh-token";
import { credentialState, isAllowed } from "../lifecycle";
import { changeCredentials } from "../store";
import type { LeakedToken, LeakFeedback, LeakLabel } from "./report-schema";

/**
 * What was done: `revoked` / `deactivated` now; `already_unusable` (revoked, inactive or expired
 * before this report, or by a report racing this one); `kept` (the account API key).
 */
export type LeakAction = "revoked" | "deactivated" | "already_unusable" | "kept";

/** Who is told about a leak, and what about (lib/notices/leak-mail.ts). */
export interface LeakNotice {
  to: string[];
  credential: { id: string; kind: string; name: string; hint: string; owner: string | null };
  action: LeakAction;
  url: string;
  source: string;
}

export interface LeakOutcome {
  feedback: LeakFeedback;
  /** null: nothing found (a false positive), or nothing new to tell (a repeated report). */
  action: LeakAction | null;
  notice: LeakNotice | null;
}

/** The SHA-256 the partner API names a token by in its answer. */
export function partnerTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The audit log's actor for a report: no user, labelled with where it came from. */
export function leakReporter(source: string, accountId: string): Actor {
  return { id: null, label: `Leak report${source ? ` (${source})` : ""}`.slice(0, 120), accountId };
}

/** The stored kinds worth a look-up: registered, stored as Credential rows. */
function lookedUpKind(token: string) {
  const parsed = parseSecret(token);
  if (!parsed.ok) return undefined;
  const kind = kindByCode(parsed.code);
  return kind && !kind.notStored ? kind : undefined;
}

/** Whether a token could be a Keyward secret at all (form, checksum, a stored kind): no database. */
export function worthLookingUp(token: string): boolean {
  return lookedUpKind(token) !== undefined;
}

function feedback(item: LeakedToken, label: LeakLabel): LeakFeedback {
  return { token_hash: partnerTokenHash(item.token), token_type: item.type, label };
}

/** Handles one reported token; see the top of this file for what each kind gets. */
export async function handleLeakedToken(
  db: Db,
  item: LeakedToken,
  context: RequestContext,
  now: Date = new Date(),
): Promise<LeakOutcome> {
  const kind = lookedUpKind(item.token);
  if (!kind) return { feedback: feedback(item, "false_positive"), action: null, notice: null };
  const secretHash = hashSecret(item.token);
  const result = await changeCredentials(db, async (tx) => {
    const row = await tx.credential.findUnique({
      where: { secretHash },
      select: {
        id: true,
        kind: true,
        accountId: true,
        name: true,
        hint: true,
        status: true,
        expiresAt: true,
        rolledAt: true,
        refreshFamilyId: true,
        user: { select: { id: true, email: true, status: true } },
      },
    });
    // A token of another kind's prefix that happens to hash to a row cannot exist; checked anyway.
    if (!row || row.kind !== kind.code) return null;
    const state = credentialState(row, now);
    let action: LeakAction = "already_unusable";
    let change: AuditAction | null = null;
    if (isAllowed(kind, "revoke", "super_admin", state)) {
      const changed = await tx.credential.updateMany({
        where: { id: row.id, status: { not: "revoked" } },
        data: { status: "revoked", revokedAt: now },
      });
      if (changed.count === 1) [action, change] = ["revoked", "credential.revoked"];
      // An OAuth refresh token (even a spent one) leaked: every token of its consent goes with it
      // (lib/oauth/refresh-family.ts), as a replay of it would have done.
      if (row.kind === oauthRefreshToken.code && row.refreshFamilyId)
        await tx.credential.updateMany({
          where: { refreshFamilyId: row.refreshFamilyId, status: { not: "revoked" } },
          data: { status: "revoked", revokedAt: now },
        });
    } else if (isAllowed(kind, "deactivate", "super_admin", state)) {
      const changed = await tx.credential.updateMany({
        where: { id: row.id, status: "active" },
        data: { status: "inactive" },
      });
      if (changed.count === 1) [action, change] = ["deactivated", "credential.deactivated"];
    } else if (state === "active") {
      // Usable, and its kind allows no change (the account API key).
      action = "kept";
    }
    const actor = leakReporter(item.source, row.accountId);
    const target = { type: row.kind, id: row.id, label: row.hint };
    const owner = row.user?.email ?? null;
    if (change) {
      await recordAudit(tx, {
        actor,
        action: change,
        target,
        context,
        details: { kind: row.kind, name: row.name, owner, from: "leak report" },
      });
    }
    await recordAudit(tx, {
      actor,
      action: "credential.leaked",
      target,
      context,
      details: {
        kind: row.kind,
        name: row.name,
        owner,
        source: item.source || null,
        foundAt: item.url || null,
        reportedAs: item.type || null,
        outcome: action,
      },
    });
    // Who hears of it: the owner; for ownerless kinds, the account's super admins.
    const to =
      row.user && row.user.status !== "disabled"
        ? [row.user.email]
        : row.user
          ? []
          : (
              await tx.user.findMany({
                where: { accountId: row.accountId, role: "super_admin", status: { not: "disabled" } },
                select: { email: true },
              })
            ).map((admin) => admin.email);
    return { row, owner, action, to };
  });
  if (!result) return { feedback: feedback(item, "false_positive"), action: null, notice: null };
  const { row, owner, action, to } = result;
  // A repeated report of a token already made unusable is audited but mailed only once.
  const notice: LeakNotice | null =
    action === "already_unusable" || to.length === 0
      ? null
      : {
          to,
          credential: { id: row.id, kind: row.kind, name: row.name, hint: row.hint, owner },
          action,
          url: item.url,
          source: item.source,
        };
  return { feedback: feedback(item, "true_positive"), action, notice };
}

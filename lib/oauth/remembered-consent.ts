// Remembered consent: what a user allowed an OAuth app, widened by each later consent, so the
// consent page (and the device page) asks again only for scopes not yet allowed. Disconnect
// (connected apps) forgets it along with the app's tokens for that user.
import { randomUUID } from "node:crypto";
import { splitScopes } from "../credentials/scope-list";
import type { Db, Tx } from "../db";

export interface ConsentGiven {
  accountId: string;
  userId: string;
  /** OAuthClient.id (not the public client_id). */
  clientId: string;
  scopes: readonly string[];
}

/**
 * Records a consent inside the transaction that acts on it (a code issued, a device allowed).
 * Two consents to one app at the same moment (two tabs, two instances) must both count: the row
 * is made with ON CONFLICT DO NOTHING (no unique-violation error for the second), and the scopes
 * are widened by a compare-and-set that reads again when another consent got in first.
 */
export async function rememberConsent(tx: Tx, consent: ConsentGiven): Promise<void> {
  const { accountId, userId, clientId } = consent;
  const now = new Date();
  await tx.$executeRaw`
    INSERT INTO "OAuthGrant" ("id", "accountId", "userId", "clientId", "scopes", "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${accountId}, ${userId}, ${clientId}, '', ${now}, ${now})
    ON CONFLICT ("userId", "clientId") DO NOTHING`;
  for (;;) {
    const { scopes: stored } = await tx.oAuthGrant.findUniqueOrThrow({
      where: { userId_clientId: { userId, clientId } },
      select: { scopes: true },
    });
    const scopes = [...new Set([...splitScopes(stored), ...consent.scopes])].sort().join(" ");
    if (scopes === stored) return;
    const { count } = await tx.oAuthGrant.updateMany({
      where: { userId, clientId, scopes: stored },
      data: { scopes },
    });
    if (count === 1) return;
  }
}

/** The scopes this user has already allowed this app (none when never, or since Disconnect). */
export async function allowedScopes(db: Db | Tx, userId: string, clientId: string): Promise<string[]> {
  const grant = await db.oAuthGrant.findUnique({
    where: { userId_clientId: { userId, clientId } },
    select: { scopes: true },
  });
  return splitScopes(grant?.scopes ?? "");
}

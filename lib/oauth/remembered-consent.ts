// Remembered consent: what a user allowed an OAuth app, widened by each later consent, so the
// consent page (and the device page) asks again only for scopes not yet allowed. Disconnect
// (connected apps) forgets it along with the app's tokens for that user.
import { splitScopes } from "../credentials/scope-list";
import type { Db, Tx } from "../db";

export interface ConsentGiven {
  accountId: string;
  userId: string;
  /** OAuthClient.id (not the public client_id). */
  clientId: string;
  scopes: readonly string[];
}

/** Records a consent inside the transaction that acts on it (a code issued, a device allowed). */
export async function rememberConsent(tx: Tx, consent: ConsentGiven): Promise<void> {
  const where = { userId_clientId: { userId: consent.userId, clientId: consent.clientId } };
  const existing = await tx.oAuthGrant.findUnique({ where, select: { scopes: true } });
  const scopes = [...new Set([...splitScopes(existing?.scopes ?? ""), ...consent.scopes])].sort().join(" ");
  await tx.oAuthGrant.upsert({
    where,
    create: { accountId: consent.accountId, userId: consent.userId, clientId: consent.clientId, scopes },
    update: { scopes },
  });
}

/** The scopes this user has already allowed this app (none when never, or since Disconnect). */
export async function allowedScopes(db: Db | Tx, userId: string, clientId: string): Promise<string[]> {
  const grant = await db.oAuthGrant.findUnique({
    where: { userId_clientId: { userId, clientId } },
    select: { scopes: true },
  });
  return splitScopes(grant?.scopes ?? "");
}

// What the verifier needs to know about a stored credential and its owner: read in one
// query by the secret's keyed hash.
import type { Db } from "../db";

export interface OwnerRecord {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  isApiUser: boolean;
  advertiserId: string | null;
  publisherId: string | null;
}

export interface CredentialRecord {
  id: string;
  kind: string;
  accountId: string;
  hint: string;
  status: string;
  /** ms since the epoch, or null: never expires. */
  expiresAt: number | null;
  scopes: string[] | null;
  secretHash: string;
  owner: OwnerRecord | null;
  /** The credential's account's API Settings (lib/settings.ts), cached with the credential. */
  accountSettings: { allowQueryTokens: boolean };
}

export async function loadCredentialRecord(db: Db, secretHash: string): Promise<CredentialRecord | null> {
  const row = await db.credential.findUnique({
    where: { secretHash },
    select: {
      id: true,
      kind: true,
      accountId: true,
      hint: true,
      status: true,
      expiresAt: true,
      scopes: true,
      secretHash: true,
      user: { select: { id: true, email: true, name: true, role: true, status: true, isApiUser: true, advertiserId: true, publisherId: true } },
      account: { select: { allowQueryTokens: true } },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    accountId: row.accountId,
    hint: row.hint,
    status: row.status,
    expiresAt: row.expiresAt?.getTime() ?? null,
    scopes: row.scopes ? row.scopes.split(" ").filter(Boolean) : null,
    secretHash: row.secretHash,
    owner: row.user,
    accountSettings: row.account,
  };
}

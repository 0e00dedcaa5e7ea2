// What the verifier, introspection, client authentication and revocation need to know about
// a stored credential and its owner: read in one query by the secret's keyed hash (store.ts).
import type { Db } from "../db";
import type { User } from "../generated/sqlite/client";
import { splitScopes } from "./scope-list";

/** The owner's columns the verifier decides with (status, API user flag) and hands on (the principal). */
export type OwnerRecord = Pick<
  User,
  "id" | "email" | "name" | "role" | "status" | "isApiUser" | "advertiserId" | "publisherId"
>;

export interface CredentialRecord {
  id: string;
  kind: string;
  accountId: string;
  hint: string;
  status: string;
  /** ms since the epoch, or null: never expires. */
  expiresAt: number | null;
  /** ms since the epoch when it was rolled (lifecycle.ts), or null: never rolled. */
  rolledAt: number | null;
  scopes: string[] | null;
  secretHash: string;
  /** The OAuth app it belongs to (client secrets, access tokens), or null. */
  oauthClientId: string | null;
  owner: OwnerRecord | null;
  /** The credential's account's API Settings (lib/credentials/api-settings.ts), cached with the credential. */
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
      rolledAt: true,
      scopes: true,
      secretHash: true,
      oauthClientId: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          status: true,
          isApiUser: true,
          advertiserId: true,
          publisherId: true,
        },
      },
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
    rolledAt: row.rolledAt?.getTime() ?? null,
    scopes: row.scopes ? splitScopes(row.scopes) : null,
    secretHash: row.secretHash,
    oauthClientId: row.oauthClientId,
    owner: row.user,
    accountSettings: row.account,
  };
}

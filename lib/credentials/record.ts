// What the verifier, introspection, client authentication and revocation need to know about
// a stored credential and its owner: read in one query by the secret's keyed hash (store.ts).
import { WHOLE_REACH, type OrganizationGrant } from "../access/narrowing";
import type { Db } from "../db";
import type { User } from "../generated/sqlite/client";
import { splitScopes } from "./scope-list";
import { credentialRowQueryOf, type CredentialRow } from "../db/credential-by-hash";

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
  /** The advertisers and publishers it was narrowed to (lib/access/narrowing.ts); cached with it. */
  grant: OrganizationGrant;
  secretHash: string;
  /** The OAuth app it belongs to (client secrets, access tokens), or null. */
  oauthClientId: string | null;
  owner: OwnerRecord | null;
  /** The credential's account's API Settings (lib/credentials/api-settings.ts), cached with the credential. */
  accountSettings: { allowQueryTokens: boolean };
}

export async function loadCredentialRecord(db: Db, secretHash: string): Promise<CredentialRecord | null> {
  const query = credentialRowQueryOf(db);
  if (query) {
    const found = await query.byHash(secretHash);
    return found ? recordFromRow(db, found) : null;
  }
  return loadCredentialRecordThroughPrisma(db, secretHash);
}

async function recordFromRow(db: Db, row: CredentialRow): Promise<CredentialRecord> {
  const grant =
    row.onlyChosenAdvertisers || row.onlyChosenPublishers
      ? await loadGrant(db, row.id, row.onlyChosenAdvertisers, row.onlyChosenPublishers)
      : WHOLE_REACH;
  return {
    id: row.id,
    kind: row.kind,
    accountId: row.accountId,
    hint: row.hint,
    status: row.status,
    expiresAt: row.expiresAt,
    rolledAt: row.rolledAt,
    scopes: row.scopes ? splitScopes(row.scopes) : null,
    grant,
    secretHash: row.secretHash,
    oauthClientId: row.oauthClientId,
    owner: row.owner as OwnerRecord | null,
    accountSettings: { allowQueryTokens: row.allowQueryTokens },
  };
}

/**
 * The same read through Prisma: for a client without the prepared statement (a transaction's),
 * and the reference the statement is tested against (record.test.ts).
 */
export async function loadCredentialRecordThroughPrisma(db: Db, secretHash: string): Promise<CredentialRecord | null> {
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
      onlyChosenAdvertisers: true,
      onlyChosenPublishers: true,
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
  const grant =
    row.onlyChosenAdvertisers || row.onlyChosenPublishers
      ? await loadGrant(db, row.id, row.onlyChosenAdvertisers, row.onlyChosenPublishers)
      : WHOLE_REACH;
  return {
    id: row.id,
    kind: row.kind,
    accountId: row.accountId,
    hint: row.hint,
    status: row.status,
    expiresAt: row.expiresAt?.getTime() ?? null,
    rolledAt: row.rolledAt?.getTime() ?? null,
    scopes: row.scopes ? splitScopes(row.scopes) : null,
    grant,
    secretHash: row.secretHash,
    oauthClientId: row.oauthClientId,
    owner: row.user,
    accountSettings: row.account,
  };
}

/**
 * The chosen organizations, read only for a credential flagged as confined to them, so an
 * unnarrowed credential's look-up stays one query; the record is cached, so a narrowed one's
 * second query is paid once per cache entry, not per request.
 */
async function loadGrant(
  db: Db,
  credentialId: string,
  advertisers: boolean,
  publishers: boolean,
): Promise<OrganizationGrant> {
  const rows = await db.credentialGrant.findMany({
    where: { credentialId },
    select: { advertiserId: true, publisherId: true },
  });
  const ids = (pick: (row: (typeof rows)[number]) => string | null) =>
    rows.map(pick).filter((id): id is string => id !== null);
  return {
    advertisers: advertisers ? ids((row) => row.advertiserId) : null,
    publishers: publishers ? ids((row) => row.publisherId) : null,
  };
}

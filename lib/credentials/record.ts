// What the verifier, introspection, client authentication and revocation need to know about
// a stored credential and its owner: read in one query by the secret's keyed hash (store.ts).
import { WHOLE_REACH, type OrganizationGrant } from "../access/narrowing";
import { effectiveAllowlist, type EffectiveAllowlist } from "../allowlists/effective";
import type { Db } from "../db";
import type { User } from "../generated/sqlite/client";
import { appliedRateLimit, policyFromColumns, type AppliedRateLimit } from "../rate-limits/policy";
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
  /** The rate limit its requests count against (lib/rate-limits/policy.ts), or null: none; cached with it. */
  rateLimit: AppliedRateLimit | null;
  /** The IP allowlist that applies (its own, its OAuth app's or the account's), compiled once per cache entry; null: none. */
  allowlist: EffectiveAllowlist | null;
}

/** Access tokens (oat) share their OAuth app's rate limit and IP allowlist; every other kind has its own. */
const SHARES_APP_LIMIT = "oat";

const ALLOWLIST_COLUMNS = { ipAllowlist: true, ipAllowlistReportOnly: true } as const;

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
    ...(await controlsOf(db, row, row.account)),
  };
}

/** The columns the rate limit and the IP allowlist are read from, on the credential and its account. */
interface ControlColumns {
  rateLimit: number | null;
  rateLimitWindow: string | null;
  ipAllowlist: string | null;
  ipAllowlistReportOnly: boolean;
}

/** Which rate limit and IP allowlist apply to a credential: its own, its OAuth app's, or its account's. */
async function controlsOf(
  db: Db,
  row: ControlColumns & { id: string; kind: string; accountId: string; oauthClientId: string | null },
  account: ControlColumns,
): Promise<Pick<CredentialRecord, "rateLimit" | "allowlist">> {
  // An access token always follows its app's rate limit, and its app's list when it has none of its own.
  const app = row.kind === SHARES_APP_LIMIT && row.oauthClientId ? await loadAppControls(db, row.oauthClientId) : null;
  return {
    rateLimit: appliedRateLimit({
      id: row.id,
      accountId: row.accountId,
      own: policyFromColumns(row.rateLimit, row.rateLimitWindow),
      app:
        app && row.oauthClientId
          ? { id: row.oauthClientId, policy: policyFromColumns(app.rateLimit, app.rateLimitWindow) }
          : null,
      accountDefault: policyFromColumns(account.rateLimit, account.rateLimitWindow),
    }),
    allowlist: effectiveAllowlist({ credential: row, oauthApp: app, account }),
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
      rateLimit: true,
      rateLimitWindow: true,
      ...ALLOWLIST_COLUMNS,
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
      account: { select: { allowQueryTokens: true, rateLimit: true, rateLimitWindow: true, ...ALLOWLIST_COLUMNS } },
    },
  });
  if (!row) return null;
  // Shaped as the prepared statement's row, so both paths build the record the same way.
  const { user, account, ...columns } = row;
  return recordFromRow(db, {
    ...columns,
    expiresAt: row.expiresAt?.getTime() ?? null,
    rolledAt: row.rolledAt?.getTime() ?? null,
    owner: user,
    allowQueryTokens: account.allowQueryTokens,
    account,
  });
}

/**
 * An OAuth app's rate limit and IP allowlist, which its access tokens share, read only for
 * access tokens (a nested select would be one more statement on every look-up, every kind):
 * like the grant below, paid once per cache entry, not per request.
 */
async function loadAppControls(db: Db, oauthClientId: string) {
  return db.oAuthClient.findUnique({
    where: { id: oauthClientId },
    select: { rateLimit: true, rateLimitWindow: true, ...ALLOWLIST_COLUMNS },
  });
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

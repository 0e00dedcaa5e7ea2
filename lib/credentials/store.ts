// The one store of credentials: every credential is issued, found by its secret and changed
// through here. Issuing is idempotent per form submission (requestId); finding goes through
// the per-process look-up cache; a change clears that cache once it has committed, so the
// verifier refuses a revoked credential at once (other instances: within the cache's TTL).
import { recordAudit, type Actor, type AuditAction, type AuditEntry, type RequestContext } from "../audit";
import type { Db, Tx } from "../db";
import type { Prisma } from "../generated/sqlite/client";
import { NEWEST_FIRST, readPage, type Page } from "../pagination";
import {
  cacheAnswers,
  cachedLookup,
  cachedRecord,
  cacheKeyOf,
  credentialIssued,
  invalidateCredentialCache,
} from "./cache";
import { CredentialRuleError } from "./errors";
import { digestsEqual, hashSecret } from "./hash";
import { issueCredential, uniqueViolationOn, type IssuedCredential, type IssueInput } from "./issue";
import type { CredentialKind, CredentialState, Operation } from "./kind";
import type { LifecycleFacts } from "./lifecycle";
import { loadCredentialRecord, type CredentialRecord } from "./record";

/**
 * The stored credential this secret is, or null. `cached`: through the look-up cache (the
 * verifier's hot path); otherwise read now, for decisions that must see the latest write
 * (client authentication, revocation).
 */
export async function findBySecret(
  secret: string,
  database: () => Promise<Db>,
  cached: boolean,
): Promise<CredentialRecord | null> {
  if (!cached) return readBySecret(secret, database);
  const key = cacheKeyOf(secret);
  const known = cachedRecord(key);
  return known !== undefined ? known : cachedLookup(key, () => readBySecret(secret, database));
}

/**
 * What the look-up cache knows of this secret now, without reading anything: its credential,
 * null when it is known to be unknown, undefined when only the database can say (then ask
 * findBySecret or findBySecretGuarded). The verifier's synchronous cache-hit path.
 */
export function cachedBySecret(secret: string): CredentialRecord | null | undefined {
  return cachedRecord(cacheKeyOf(secret));
}

/**
 * As findBySecret through the cache, but a look-up the cache cannot answer (one that would
 * read the database) asks `guard.beforeRead` first, and is not made when it answers a refusal (the
 * verifier's per-address refusal limit, lib/verifier/refusal-limit.ts).
 */
export async function findBySecretGuarded<R>(
  secret: string,
  database: () => Promise<Db>,
  guard: { beforeRead(): Promise<R | null> },
): Promise<CredentialRecord | null | R> {
  const key = cacheKeyOf(secret);
  const known = cachedRecord(key);
  if (known !== undefined) return known;
  if (!cacheAnswers(key)) {
    const refused = await guard.beforeRead();
    if (refused !== null) return refused;
  }
  return cachedLookup(key, () => readBySecret(secret, database));
}

/**
 * Reads the credential by the secret's keyed hash. The cache keeps only what this returns, so
 * the constant-time comparison below is made once per read, not on every cache hit.
 */
async function readBySecret(secret: string, database: () => Promise<Db>): Promise<CredentialRecord | null> {
  const secretHash = hashSecret(secret);
  const record = await loadCredentialRecord(await database(), secretHash);
  // Found through the index by this very digest; compared again in constant time so no
  // path ever compares secret-derived values with an early-exit equality.
  // Stryker disable next-line ConditionalExpression: the unique index found the record by this very digest, so the comparison always agrees
  return record && digestsEqual(record.secretHash, secretHash) ? record : null;
}

/** A change to credentials, in one transaction; the look-up cache forgets them once it commits. */
export async function changeCredentials<T>(db: Db, change: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db.$transaction(change);
  invalidateCredentialCache();
  return result;
}

/** What a second submission of the same form gets: the credential the first one made. */
export type Duplicate = { duplicateOf: { id: string; hint: string } };

export interface Submission<D> {
  createdById: string;
  /** The form's one-time id; none: no double-submit protection (the caller has its own). */
  requestId?: string | null;
  /**
   * A refused second submission may be a double submit whose first took what it needed (the
   * last free place, the state it started from): look for the first one then too.
   */
  refusalMayRepeat?: boolean;
  /** Look for the first submission before starting (operations that change what they start from). */
  checkFirst?: boolean;
  /** The issue also changes existing credentials (a roll): the look-up cache forgets them on commit. */
  changesExisting?: boolean;
  /** Where the first submission's result is found; a credential made with this requestId by default. */
  findFirst?: (db: Db, requestId: string) => Promise<D | null>;
}

async function firstCredentialOf(db: Db, createdById: string, requestId: string): Promise<Duplicate | null> {
  const first = await db.credential.findFirst({ where: { createdById, requestId }, select: { id: true, hint: true } });
  return first ? { duplicateOf: first } : null;
}

/**
 * Runs `issue` in one transaction (checks, the credential, its audit row); a form submitted
 * twice gets the first submission's result instead of a second credential (the unique index
 * on createdById + requestId decides between two submissions racing).
 */
export async function issueOnce<T, D = Duplicate>(
  db: Db,
  submission: Submission<D>,
  issue: (tx: Tx) => Promise<T>,
): Promise<T | D> {
  const { requestId } = submission;
  const findFirst =
    submission.findFirst ??
    ((database: Db, id: string) => firstCredentialOf(database, submission.createdById, id) as Promise<D | null>);
  if (requestId && submission.checkFirst) {
    const earlier = await findFirst(db, requestId);
    if (earlier) return earlier;
  }
  try {
    const result = await db.$transaction(issue);
    // Committed: every instance forgets what it may have cached wrong (a rolled key; a secret
    // thought unknown, though a new one cannot have been presented before it existed).
    if (submission.changesExisting) invalidateCredentialCache();
    else credentialIssued();
    return result;
  } catch (error) {
    if (
      requestId &&
      (uniqueViolationOn(error, "requestId") ||
        (submission.refusalMayRepeat === true && error instanceof CredentialRuleError))
    ) {
      const first = await findFirst(db, requestId);
      if (first) return first;
    }
    throw error;
  }
}

export interface IssueAudit {
  actor: Actor;
  context: RequestContext;
  /** credential.created unless the kind's issuing has its own name. */
  action?: AuditAction;
  details?: AuditEntry["details"];
}

/** Issues a credential of this kind and records it, inside the caller's transaction. */
export async function issueAudited(
  tx: Tx,
  kind: CredentialKind,
  input: IssueInput,
  audit: IssueAudit,
): Promise<IssuedCredential> {
  const issued = await issueCredential(tx, kind, input);
  await recordAudit(tx, {
    actor: audit.actor,
    action: audit.action ?? "credential.created",
    target: { type: kind.code, id: issued.id, label: issued.hint },
    context: audit.context,
    ...(audit.details ? { details: audit.details } : {}),
  });
  return issued;
}

/** One page of the credentials matching `where`, newest first, each row shaped by `shape`. */
export async function credentialPage<S extends Prisma.CredentialSelect, R>(
  db: Db,
  where: Prisma.CredentialWhereInput,
  select: S,
  window: { page: number; pageSize: number },
  shape: (row: Prisma.CredentialGetPayload<{ select: S }>) => R,
): Promise<Page<R>> {
  return readPage(
    window.page,
    window.pageSize,
    () => db.credential.count({ where }),
    async (range) =>
      (await db.credential.findMany({
        where,
        orderBy: NEWEST_FIRST,
        ...range,
        select,
      })) as Prisma.CredentialGetPayload<{ select: S }>[],
    shape,
  );
}

/** The columns a credential's state is derived from (lifecycle.ts LifecycleFacts). */
export const LIFECYCLE_COLUMNS = {
  status: true,
  expiresAt: true,
  rolledAt: true,
} as const satisfies Record<keyof LifecycleFacts, true>;

/** The columns every credential list reads, whatever else its rows show. */
export const CREDENTIAL_ROW_COLUMNS = {
  id: true,
  name: true,
  hint: true,
  ...LIFECYCLE_COLUMNS,
  createdAt: true,
  lastUsedAt: true,
  replacedById: true,
} as const satisfies Prisma.CredentialSelect;

/** What every list of credentials shows of one: its state and the actions it offers (lifecycle.ts). */
export interface CredentialRow<O extends Operation = Operation> {
  id: string;
  name: string;
  hint: string;
  status: string;
  state: CredentialState;
  /** A rolled credential's grace end while its grace period runs (lifecycle.ts graceEndsAt), else null. */
  graceEndsAt: Date | null;
  /** What the list's actor may do with it now: the row's buttons. */
  actions: O[];
  expiresAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Its replacement or rolled successor, if any. */
  replacedById: string | null;
}

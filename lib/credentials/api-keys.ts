// Deskpro / generic-guide API keys: a super admin creates one by hand for an active user of
// the account, optionally narrowed to some scopes and with an optional expiry; it is sent as
// "Authorization: key <key>" or "X-API-Key: <key>". Lifecycle: Active → Roll (a new key
// with the same name, owner, scopes and expiry; the old one is Rolled and keeps working for a
// chosen grace period, as unkey's reroll does) → Revoke (a rolled one too: ends its grace
// early). Every change commits with its audit row.
import { actorOf, recordAudit, type RequestContext } from "../audit";
import type { Db } from "../db";
import { PAGE_SIZE, type Page } from "../pagination";
import { newApiKeySchema, rollGraceHoursSchema, type NewApiKeyInput } from "../validations/credential";
import { listAccountKind } from "./account-kind-page";
import { type Admin } from "./actor";
import { CredentialRuleError } from "./errors";
import { type ExpiryFacts, withExpiryFacts } from "./expiring";
import { assertFutureDay } from "./expiry-days-check";
import { assertWithinPolicy, maxDaysFor } from "./expiry-policy";
import { issueCredential, type IssuedCredential } from "./issue";
import { apiKey } from "./kinds/api-key";
import { type RollGraceHours } from "../validations/roll-grace";
import { assertAllowed, credentialState } from "./lifecycle";
import { assertSuperAdmin } from "./require-super-admin";
import { splitScopes } from "./scope-list";
import {
  changeCredentials,
  type CredentialRow,
  issueAudited,
  issueOnce,
  LIFECYCLE_COLUMNS,
  type Duplicate,
} from "./store";

export type { Duplicate };

const HOUR = 3_600_000;

export type CreateApiKeyResult =
  { created: IssuedCredential & { name: string; ownerEmail: string; scopes: string[] } } | Duplicate;

export async function createApiKey(
  db: Db,
  admin: Admin,
  input: NewApiKeyInput,
  context: RequestContext,
  now: Date = new Date(),
): Promise<CreateApiKeyResult> {
  assertSuperAdmin(admin);
  const data = newApiKeySchema.parse(input);
  assertFutureDay(data.expirationDate ?? null, now, "key");
  const scopes = data.scopes.length > 0 ? data.scopes.join(" ") : null;
  return issueOnce(db, { createdById: admin.id, requestId: data.requestId }, async (tx) => {
    assertWithinPolicy(apiKey, await maxDaysFor(tx, admin.accountId, "key"), data.expirationDate ?? null, now);
    // Any active user of this account (API user or not); the key carries their privileges.
    const owner = await tx.user.findFirst({
      where: { id: data.userId, accountId: admin.accountId, status: "active" },
      select: { id: true, email: true },
    });
    if (!owner) throw new CredentialRuleError("Choose an active user of this account.", "userId");
    const issued = await issueAudited(
      tx,
      apiKey,
      {
        accountId: admin.accountId,
        userId: owner.id,
        createdById: admin.id,
        name: data.name,
        scopes,
        expiresAt: data.expirationDate ?? null,
        requestId: data.requestId ?? null,
      },
      {
        actor: actorOf(admin),
        context,
        details: {
          kind: apiKey.code,
          name: data.name,
          owner: owner.email,
          scopes,
          expiresAt: data.expirationDate?.toISOString() ?? null,
        },
      },
    );
    return { created: { ...issued, name: data.name, ownerEmail: owner.email, scopes: data.scopes } };
  });
}

async function findKey(db: Pick<Db, "credential">, accountId: string, keyId: string) {
  // The account is in the where: another account's key is "not found", never touched.
  const key = await db.credential.findFirst({
    where: { id: keyId, accountId, kind: apiKey.code },
    select: {
      id: true,
      name: true,
      hint: true,
      ...LIFECYCLE_COLUMNS,
      userId: true,
      scopes: true,
    },
  });
  if (!key) throw new CredentialRuleError("No such API key.", null, "not_found");
  return key;
}

export type RollApiKeyResult = { rolled: IssuedCredential & { name: string; oldExpiresAt: Date } } | Duplicate;

/**
 * Issues a successor with the same name, owner, scopes and expiry, and lets the old key live
 * `graceHours` more (never longer than it would have anyway); 0 ends it at once.
 */
export async function rollApiKey(
  db: Db,
  admin: Admin,
  keyId: string,
  graceHours: RollGraceHours,
  context: RequestContext,
  options: { requestId?: string; now?: Date } = {},
): Promise<RollApiKeyResult> {
  assertSuperAdmin(admin);
  const grace = rollGraceHoursSchema.parse(graceHours);
  const now = options.now ?? new Date();
  // The same Roll form submitted twice: the first submission made the new key (and changed
  // the state the second would start from, so its refusal is looked into too). The cache is
  // cleared on commit: with no grace the old key must stop at once, not when its look-up ages out.
  const submission = {
    createdById: admin.id,
    requestId: options.requestId,
    checkFirst: true,
    refusalMayRepeat: true,
    changesExisting: true,
  };
  return issueOnce(db, submission, async (tx) => {
    const key = await findKey(tx, admin.accountId, keyId);
    const state = credentialState(key, now);
    assertAllowed(
      apiKey,
      "roll",
      "super_admin",
      state,
      state === "rolled"
        ? "This key has already been rolled; roll the key that replaced it."
        : `Only an active key can be rolled; this one is ${state}.`,
    );
    const graceEnd = new Date(now.getTime() + grace * HOUR);
    const oldExpiresAt = key.expiresAt && key.expiresAt < graceEnd ? key.expiresAt : graceEnd;
    // Conditional on the state just read (the transaction's first write, so SQLite takes
    // its lock here): of two rolls racing, one rolls and the other changes nothing. The key
    // stays "active" with its grace end as its expiry, so the verifier accepts it exactly
    // until then; rolledAt makes lifecycle.ts call it rolled.
    const changed = await tx.credential.updateMany({
      where: { id: key.id, status: "active", expiresAt: key.expiresAt, rolledAt: null },
      data: { expiresAt: oldExpiresAt, rolledAt: now },
    });
    if (changed.count === 0) throw new CredentialRuleError("This key was changed meanwhile; reload the page.");
    const issued = await issueCredential(tx, apiKey, {
      accountId: admin.accountId,
      userId: key.userId,
      createdById: admin.id,
      name: key.name,
      scopes: key.scopes,
      expiresAt: key.expiresAt,
      requestId: options.requestId ?? null,
    });
    await tx.credential.update({ where: { id: key.id }, data: { replacedById: issued.id } });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "credential.rolled",
      target: { type: apiKey.code, id: key.id, label: key.hint },
      context,
      details: {
        kind: apiKey.code,
        name: key.name,
        graceHours: grace,
        oldExpiresAt: oldExpiresAt.toISOString(),
        newId: issued.id,
        newHint: issued.hint,
      },
    });
    return { rolled: { ...issued, name: key.name, oldExpiresAt } };
  });
}

export async function revokeApiKey(
  db: Db,
  admin: Admin,
  keyId: string,
  context: RequestContext,
  now: Date = new Date(),
): Promise<void> {
  assertSuperAdmin(admin);
  // Refused by this instance from now on (other instances: within the cache's TTL).
  await changeCredentials(db, async (tx) => {
    const key = await findKey(tx, admin.accountId, keyId);
    assertAllowed(apiKey, "revoke", "super_admin", credentialState(key, now), "This key is already revoked.");
    // Conditional, so two revokes racing record one revocation.
    const changed = await tx.credential.updateMany({
      where: { id: key.id, status: { not: "revoked" } },
      data: { status: "revoked", revokedAt: now },
    });
    if (changed.count === 0) return;
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "credential.revoked",
      target: { type: apiKey.code, id: key.id, label: key.hint },
      context,
      details: { kind: apiKey.code, name: key.name },
    });
  });
}

export interface ApiKeyRow extends CredentialRow {
  /** null: the owner's own privileges. */
  scopes: string[] | null;
  owner: { id: string; email: string; name: string } | null;
}

export async function listApiKeys(
  db: Db,
  accountId: string,
  page: number,
  pageSize = PAGE_SIZE,
  now: Date = new Date(),
  filter: { expiringSoon?: boolean } = {},
): Promise<Page<ApiKeyRow & ExpiryFacts>> {
  const rows = await listAccountKind(
    db,
    accountId,
    apiKey,
    { page, pageSize, now, ...filter },
    ({ row, scopes, owner, lifecycle }) => ({
      ...row,
      scopes: scopes ? splitScopes(scopes) : null,
      ...lifecycle,
      owner,
    }),
  );
  return withExpiryFacts(db, rows, now);
}

/** The users the "User" field offers: every active user of the account. */
export async function listApiKeyOwners(
  db: Db,
  accountId: string,
): Promise<{ id: string; email: string; name: string }[]> {
  return db.user.findMany({
    where: { accountId, status: "active" },
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true },
    take: 500,
  });
}

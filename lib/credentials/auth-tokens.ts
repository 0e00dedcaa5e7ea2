// TrackVia's auth tokens: a super admin makes them for an active API user of the account,
// with a Name and an Expiration Date that never change afterwards. Lifecycle: Active →
// Deactivate → Inactive → Reactivate (until it expires) or Delete; an expired token can only
// be deleted. At most 100 exist per account at any time.
import { actorOf, type AuditAction, recordAudit, type RequestContext } from "../audit";
import type { Db, Tx } from "../db";
import { PAGE_SIZE, type Page } from "../pagination";
import { newAuthTokenSchema, type NewAuthTokenInput } from "../validations/credential";
import { listAccountKind } from "./account-kind-page";
import { type Admin } from "./actor";
import { CredentialRuleError } from "./errors";
import { type ExpiryFacts, withExpiryFacts } from "./expiring";
import { assertFutureDay } from "./expiry-days-check";
import { assertWithinPolicy, maxDaysFor } from "./expiry-policy";
import type { IssuedCredential } from "./issue";
import { AUTH_TOKENS_PER_ACCOUNT, authToken } from "./kinds/auth-token";
import { assertAllowed, credentialState, notExpiredWhere, type Operation } from "./lifecycle";
import { narrowingDetails, resolveNarrowing, storeGrant } from "./narrowing";
import { assertSuperAdmin } from "./require-super-admin";
import { changeCredentials, type CredentialRow, issueAudited, issueOnce, type Duplicate } from "./store";

export const AUTH_TOKEN_LIMIT_MESSAGE = `This account already has ${AUTH_TOKENS_PER_ACCOUNT} auth tokens, the most it can hold. Delete an inactive or expired token first.`;

export type CreateAuthTokenResult = { created: IssuedCredential & { name: string; apiUserEmail: string } } | Duplicate;

export async function createAuthToken(
  db: Db,
  admin: Admin,
  input: NewAuthTokenInput,
  context: RequestContext,
  now: Date = new Date(),
): Promise<CreateAuthTokenResult> {
  assertSuperAdmin(admin);
  const data = newAuthTokenSchema.parse(input);
  assertFutureDay(data.expirationDate, now, "token");
  return issueOnce(db, { createdById: admin.id, requestId: data.requestId }, async (tx) => {
    // Read in the transaction: a policy saved a moment ago applies to this token.
    assertWithinPolicy(authToken, await maxDaysFor(tx, admin.accountId, "at"), data.expirationDate, now);
    // The counter first: a conditional increment is the one statement that decides, under
    // any number of concurrent requests, whether there is room (it is also this
    // transaction's first write, so SQLite takes its write lock here, before any read).
    const room = await tx.account.updateMany({
      where: { id: admin.accountId, authTokenCount: { lt: AUTH_TOKENS_PER_ACCOUNT } },
      data: { authTokenCount: { increment: 1 } },
    });
    if (room.count === 0) throw new CredentialRuleError(AUTH_TOKEN_LIMIT_MESSAGE);
    const apiUser = await tx.user.findFirst({
      where: { id: data.apiUserId, accountId: admin.accountId, isApiUser: true, status: "active" },
      select: { id: true, email: true, accountId: true, role: true, advertiserId: true, publisherId: true },
    });
    if (!apiUser) throw new CredentialRuleError("Choose an active API user of this account.", "apiUserId");
    // The API user's role and organization cap what the token may be given.
    const narrowing = await resolveNarrowing(tx, apiUser, data.narrowing);
    const issued = await issueAudited(
      tx,
      authToken,
      {
        accountId: admin.accountId,
        userId: apiUser.id,
        createdById: admin.id,
        name: data.name,
        expiresAt: data.expirationDate,
        requestId: data.requestId ?? null,
        scopes: narrowing.scopes,
      },
      {
        actor: actorOf(admin),
        context,
        details: {
          kind: authToken.code,
          name: data.name,
          apiUser: apiUser.email,
          expiresAt: data.expirationDate.toISOString(),
          ...narrowingDetails(narrowing),
        },
      },
    );
    await storeGrant(tx, issued.id, narrowing);
    return { created: { ...issued, name: data.name, apiUserEmail: apiUser.email } };
  });
}

/** The gear menu's operations: the auth token kind's whole policy after create. */
export type AuthTokenOperation = Extract<Operation, "deactivate" | "reactivate" | "delete">;

function isTokenOperation(operation: Operation): operation is AuthTokenOperation {
  return operation in AUDIT;
}

const AUDIT: Record<AuthTokenOperation, AuditAction> = {
  deactivate: "credential.deactivated",
  reactivate: "credential.reactivated",
  delete: "credential.deleted",
};

const DELETE_REFUSAL = "Deactivate the token before deleting it: only inactive or expired tokens can be deleted.";

/** What the gear menu says when the policy refuses an operation: an expired token has its own reason. */
const REFUSALS: Record<AuthTokenOperation, { expired: string; other: string }> = {
  deactivate: {
    expired: "An expired token cannot be deactivated; delete it.",
    other: "Only an active token can be deactivated.",
  },
  reactivate: {
    expired: "An expired token can never be reactivated.",
    other: "Only an inactive token can be reactivated.",
  },
  delete: { expired: DELETE_REFUSAL, other: DELETE_REFUSAL },
};

async function findToken(tx: Tx, accountId: string, tokenId: string) {
  const token = await tx.credential.findFirst({
    where: { id: tokenId, accountId, kind: authToken.code },
    select: { id: true, hint: true, status: true, expiresAt: true, rolledAt: true, name: true },
  });
  if (!token) throw new CredentialRuleError("No such auth token.", null, "not_found");
  return token;
}

/** The gear-menu operations. Each checks the state it starts from inside its transaction. */
export async function changeAuthToken(
  db: Db,
  admin: Admin,
  tokenId: string,
  operation: AuthTokenOperation,
  context: RequestContext,
  now: Date = new Date(),
): Promise<void> {
  assertSuperAdmin(admin);
  // Refused by this instance from now on (other instances: within the cache's TTL).
  await changeCredentials(db, async (tx) => {
    const token = await findToken(tx, admin.accountId, tokenId);
    const state = credentialState(token, now);
    // Every change is a conditional write on the state just read, so a concurrent change
    // makes this one a no-op rather than a second transition.
    const unchanged = { id: token.id, status: token.status };
    assertAllowed(
      authToken,
      operation,
      "super_admin",
      state,
      REFUSALS[operation][state === "expired" ? "expired" : "other"],
    );
    if (operation === "deactivate") {
      const changed = await tx.credential.updateMany({ where: unchanged, data: { status: "inactive" } });
      if (changed.count === 0) return;
    } else if (operation === "reactivate") {
      const changed = await tx.credential.updateMany({
        where: { ...unchanged, ...notExpiredWhere(now) },
        data: { status: "active" },
      });
      if (changed.count === 0) return;
    } else {
      const removed = await tx.credential.deleteMany({ where: unchanged });
      if (removed.count === 0) return;
      await tx.account.update({ where: { id: admin.accountId }, data: { authTokenCount: { decrement: 1 } } });
    }
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: AUDIT[operation],
      target: { type: authToken.code, id: token.id, label: token.hint },
      context,
      details: { kind: authToken.code, name: token.name, ...(operation === "delete" ? { state } : {}) },
    });
  });
}

/** A row of the Auth Tokens table; its actions are the gear menu's entries. */
export interface AuthTokenRow extends CredentialRow<AuthTokenOperation> {
  apiUser: { id: string; email: string; name: string } | null;
  /** Its narrowing in a few words (lib/access/narrowing.ts narrowingSummary). */
  permissions: string;
}

export async function listAuthTokens(
  db: Db,
  accountId: string,
  page: number,
  pageSize = PAGE_SIZE,
  now: Date = new Date(),
  filter: { expiringSoon?: boolean } = {},
): Promise<Page<AuthTokenRow & ExpiryFacts>> {
  const rows = await listAccountKind(
    db,
    accountId,
    authToken,
    { page, pageSize, now, ...filter },
    ({ row, owner, lifecycle, permissions }) => {
      const { actions, ...rest } = lifecycle;
      return { ...row, apiUser: owner, permissions, ...rest, actions: actions.filter(isTokenOperation) };
    },
  );
  return withExpiryFacts(db, rows, now);
}

/** An API user the dialog offers, with what caps a token's narrowing (role, organization). */
export interface AssignableApiUser {
  id: string;
  email: string;
  name: string;
  role: string;
  advertiserId: string | null;
  publisherId: string | null;
}

/** The users the "API User" field offers: active API users of the account (TrackVia). */
export async function listAssignableApiUsers(db: Db, accountId: string): Promise<AssignableApiUser[]> {
  return db.user.findMany({
    where: { accountId, isApiUser: true, status: "active" },
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, advertiserId: true, publisherId: true },
    take: 500,
  });
}

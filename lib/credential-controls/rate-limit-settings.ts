// Setting rate limits: a credential's own, an OAuth app's (shared by its access tokens) and the
// account default. Super admins only (the callers' guard), always within the admin's own
// account; each change and its audit row commit together, and the verifier's look-up cache
// forgets every credential once it has committed (the limit is cached with the credential).
import { recordAudit, type Actor, type RequestContext } from "../audit";
import { invalidateCredentialCache } from "../credentials/cache";
import { CredentialRuleError } from "../credentials/errors";
import type { Db, Tx } from "../db";
import {
  columnsOf,
  describeRateLimit,
  policyFromColumns,
  rateLimitPolicySchema,
  type RateLimitPolicy,
} from "../rate-limits/policy";

const SELECT = { rateLimit: true, rateLimitWindow: true } as const;
type Columns = { rateLimit: number | null; rateLimitWindow: string | null };
const policyOf = (row: Columns) => policyFromColumns(row.rateLimit, row.rateLimitWindow);

/** Who changes a limit: a super admin of `accountId` (checked by the caller with requireRole). */
export interface RateLimitAdmin {
  actor: Actor;
  accountId: string;
}

function validated(policy: RateLimitPolicy | null): RateLimitPolicy | null {
  return policy === null ? null : rateLimitPolicySchema.parse(policy);
}

async function committed<T>(db: Db, change: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db.$transaction(change);
  invalidateCredentialCache();
  return result;
}

export async function readAccountRateLimit(client: Db | Tx, accountId: string): Promise<RateLimitPolicy | null> {
  return policyOf(await client.account.findUniqueOrThrow({ where: { id: accountId }, select: SELECT }));
}

export async function setAccountRateLimit(
  db: Db,
  admin: RateLimitAdmin,
  policy: RateLimitPolicy | null,
  context: RequestContext,
): Promise<RateLimitPolicy | null> {
  const next = validated(policy);
  return committed(db, async (tx) => {
    const before = await readAccountRateLimit(tx, admin.accountId);
    await tx.account.update({ where: { id: admin.accountId }, data: columnsOf(next) });
    await recordAudit(tx, {
      actor: admin.actor,
      accountId: admin.accountId,
      action: "account.rate_limit_changed",
      target: { type: "settings", label: "default rate limit" },
      context,
      details: { from: describeRateLimit(before), to: describeRateLimit(next) },
    });
    return next;
  });
}

/** What the credential page's Rate limit section shows. */
export interface CredentialRateLimitView {
  own: RateLimitPolicy | null;
  accountDefault: RateLimitPolicy | null;
  /** An OAuth access token follows its app's limit: the app, with that limit, where it is set. */
  app: { id: string; name: string; policy: RateLimitPolicy | null } | null;
}

export async function readCredentialRateLimit(
  client: Db | Tx,
  accountId: string,
  credentialId: string,
): Promise<CredentialRateLimitView | null> {
  const row = await client.credential.findFirst({
    where: { id: credentialId, accountId },
    select: {
      ...SELECT,
      kind: true,
      oauthClient: { select: { id: true, name: true, ...SELECT } },
      account: { select: SELECT },
    },
  });
  if (!row) return null;
  return {
    own: policyOf(row),
    accountDefault: policyOf(row.account),
    app:
      row.kind === "oat" && row.oauthClient
        ? { id: row.oauthClient.id, name: row.oauthClient.name, policy: policyOf(row.oauthClient) }
        : null,
  };
}

export async function setCredentialRateLimit(
  db: Db,
  admin: RateLimitAdmin,
  credentialId: string,
  policy: RateLimitPolicy | null,
  context: RequestContext,
): Promise<RateLimitPolicy | null> {
  const next = validated(policy);
  return committed(db, async (tx) => {
    // The admin's own account in the where: another account's credential is as unknown as a made-up id.
    const row = await tx.credential.findFirst({
      where: { id: credentialId, accountId: admin.accountId },
      select: { id: true, kind: true, hint: true, ...SELECT },
    });
    if (!row) throw new CredentialRuleError("Unknown credential; reload the page.", null, "not_found");
    if (row.kind === "oat")
      throw new CredentialRuleError("An OAuth access token follows its app's rate limit: set it on OAuth Apps.");
    await tx.credential.update({ where: { id: row.id }, data: columnsOf(next) });
    await recordAudit(tx, {
      actor: admin.actor,
      accountId: admin.accountId,
      action: "credential.rate_limit_changed",
      target: { type: row.kind, id: row.id, label: row.hint },
      context,
      details: { from: describeRateLimit(policyOf(row)), to: describeRateLimit(next) },
    });
    return next;
  });
}

export async function setOAuthAppRateLimit(
  db: Db,
  admin: RateLimitAdmin,
  appId: string,
  policy: RateLimitPolicy | null,
  context: RequestContext,
): Promise<RateLimitPolicy | null> {
  const next = validated(policy);
  return committed(db, async (tx) => {
    const app = await tx.oAuthClient.findFirst({
      where: { id: appId, accountId: admin.accountId },
      select: { id: true, clientId: true, ...SELECT },
    });
    if (!app) throw new CredentialRuleError("Unknown OAuth app; reload the page.", null, "not_found");
    await tx.oAuthClient.update({ where: { id: app.id }, data: columnsOf(next) });
    await recordAudit(tx, {
      actor: admin.actor,
      accountId: admin.accountId,
      action: "oauth.client_rate_limit_changed",
      target: { type: "oauth_client", id: app.id, label: app.clientId },
      context,
      details: { from: describeRateLimit(policyOf(app)), to: describeRateLimit(next) },
    });
    return next;
  });
}

/** The OAuth apps' own limits (the OAuth Apps screen), by app id; an app without one is left out. */
export async function readOAuthAppRateLimits(
  client: Db | Tx,
  accountId: string,
  appIds: string[],
): Promise<Map<string, RateLimitPolicy>> {
  const rows = await client.oAuthClient.findMany({
    where: { accountId, id: { in: appIds } },
    select: { id: true, ...SELECT },
  });
  const limits = new Map<string, RateLimitPolicy>();
  for (const row of rows) {
    const policy = policyOf(row);
    if (policy) limits.set(row.id, policy);
  }
  return limits;
}

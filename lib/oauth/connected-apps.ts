// Connected apps: the OAuth apps a user allowed (one OAuthGrant row each, lib/oauth/
// remembered-consent.ts), as the user sees them on /account/connected-apps and a super admin on
// the OAuth Apps screen, and Disconnect, which takes back everything that grant gave: every
// access token (oat) and refresh token (ort) the app holds for that user, its codes not yet
// exchanged, and the remembered consent itself. "Who may disconnect" lives here only.
import { z } from "zod";
import { SCOPE_DESCRIPTIONS, isScope } from "../access/privileges";
import { actorOf, recordAudit, type RequestContext } from "../audit";
import type { Admin } from "../credentials/actor";
import { CredentialRuleError } from "../credentials/errors";
import { oauthAccessToken } from "../credentials/kinds/oauth-access-token";
import { splitScopes } from "../credentials/scope-list";
import { changeCredentials } from "../credentials/store";
import type { Db, Tx } from "../db";
import type { DeviceStatus } from "./device-authorization";

/**
 * The kinds of credential an app holds for a user. "ort" (refresh tokens) is named by its code
 * rather than imported: its kind module arrives separately, and Disconnect must revoke those
 * rows whether or not this build issues them.
 */
export const APP_TOKEN_KINDS = [oauthAccessToken.code, "ort"] as const;

/** How many grants of one app the OAuth Apps screen lists (newest first); the rest are counted. */
export const GRANTS_SHOWN_PER_APP = 50;

export const grantIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export interface ConnectedApp {
  grantId: string;
  clientId: string;
  /** The public client_id (kwc_…). */
  publicClientId: string;
  name: string;
  /** The scopes allowed, in plain words, in the order they are stored. */
  scopes: { scope: string; description: string }[];
  since: Date;
  /** The newest use of any of the app's tokens for this user; null: never used. */
  lastUsedAt: Date | null;
}

export interface AppGrant {
  grantId: string;
  user: { id: string; email: string; name: string };
  scopes: { scope: string; description: string }[];
  since: Date;
  lastUsedAt: Date | null;
}

function describe(scopes: string): { scope: string; description: string }[] {
  return splitScopes(scopes).map((scope) => ({
    scope,
    description: isScope(scope) ? SCOPE_DESCRIPTIONS[scope] : scope,
  }));
}

/** The newest lastUsedAt per (user, app) of their oat/ort rows, keyed `${userId} ${clientId}`. */
async function lastUses(
  db: Db,
  where: { userId?: string | { in: string[] }; oauthClientId: { in: string[] } },
): Promise<Map<string, Date>> {
  if (where.oauthClientId.in.length === 0) return new Map();
  const rows = await db.credential.groupBy({
    by: ["userId", "oauthClientId"],
    where: { ...where, kind: { in: [...APP_TOKEN_KINDS] } },
    _max: { lastUsedAt: true },
  });
  const uses = new Map<string, Date>();
  for (const row of rows) {
    if (row._max.lastUsedAt) uses.set(`${row.userId} ${row.oauthClientId}`, row._max.lastUsedAt);
  }
  return uses;
}

/** The apps this user allowed, most recently allowed first (their own page). */
export async function listConnectedApps(db: Db, user: { id: string; accountId: string }): Promise<ConnectedApp[]> {
  const grants = await db.oAuthGrant.findMany({
    where: { userId: user.id, accountId: user.accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      scopes: true,
      createdAt: true,
      client: { select: { id: true, clientId: true, name: true } },
    },
  });
  const uses = await lastUses(db, { userId: user.id, oauthClientId: { in: grants.map((grant) => grant.client.id) } });
  return grants.map((grant) => ({
    grantId: grant.id,
    clientId: grant.client.id,
    publicClientId: grant.client.clientId,
    name: grant.client.name,
    scopes: describe(grant.scopes),
    since: grant.createdAt,
    lastUsedAt: uses.get(`${user.id} ${grant.client.id}`) ?? null,
  }));
}

/**
 * Per app (of this admin's account), the users who allowed it, newest first, at most
 * GRANTS_SHOWN_PER_APP each, and how many there are in all.
 */
export async function listAppGrants(
  db: Db,
  admin: Admin,
  appIds: readonly string[],
): Promise<Map<string, { grants: AppGrant[]; total: number }>> {
  assertSuperAdminOf(admin);
  const result = new Map<string, { grants: AppGrant[]; total: number }>();
  if (appIds.length === 0) return result;
  // The account in the where: an app id of another account lists nothing.
  const where = { accountId: admin.accountId, clientId: { in: [...appIds] } };
  const [counts, perApp] = await Promise.all([
    db.oAuthGrant.groupBy({ by: ["clientId"], where, _count: { _all: true } }),
    Promise.all(
      appIds.map((clientId) =>
        db.oAuthGrant.findMany({
          where: { accountId: admin.accountId, clientId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: GRANTS_SHOWN_PER_APP,
          select: {
            id: true,
            clientId: true,
            scopes: true,
            createdAt: true,
            user: { select: { id: true, email: true, name: true } },
          },
        }),
      ),
    ),
  ]);
  const rows = perApp.flat();
  const uses = await lastUses(db, {
    userId: { in: [...new Set(rows.map((row) => row.user.id))] },
    oauthClientId: { in: [...appIds] },
  });
  for (const count of counts) result.set(count.clientId, { grants: [], total: count._count._all });
  for (const row of rows) {
    result.get(row.clientId)?.grants.push({
      grantId: row.id,
      user: row.user,
      scopes: describe(row.scopes),
      since: row.createdAt,
      lastUsedAt: uses.get(`${row.user.id} ${row.clientId}`) ?? null,
    });
  }
  return result;
}

function assertSuperAdminOf(admin: Pick<Admin, "role">): void {
  if (admin.role !== "super_admin")
    throw new CredentialRuleError("Only super admins see who allowed the account's OAuth apps.", null, "forbidden");
}

/** Who is disconnecting: the user who allowed the app, or a super admin of the same account. */
export type Disconnecting = Admin;

export interface Disconnected {
  appName: string;
  /** Access and refresh tokens revoked by this Disconnect. */
  tokensRevoked: number;
}

/**
 * The grant this actor may disconnect, or a refusal that does not say whether it exists:
 * their own, or (super admin) any of their account's. Read inside the Disconnect transaction.
 */
async function disconnectableGrant(tx: Tx, actor: Disconnecting, grantId: string) {
  const grant = await tx.oAuthGrant.findFirst({
    where:
      actor.role === "super_admin"
        ? { id: grantId, accountId: actor.accountId }
        : { id: grantId, accountId: actor.accountId, userId: actor.id },
    select: {
      id: true,
      userId: true,
      clientId: true,
      accountId: true,
      user: { select: { email: true } },
      client: { select: { name: true, clientId: true } },
    },
  });
  if (!grant)
    throw new CredentialRuleError("This app is not connected (any more); reload the page.", null, "not_found");
  return grant;
}

async function revokeAppTokens(tx: Tx, userId: string, clientId: string, now: Date): Promise<number> {
  const changed = await tx.credential.updateMany({
    where: { userId, oauthClientId: clientId, kind: { in: [...APP_TOKEN_KINDS] }, status: { not: "revoked" } },
    data: { status: "revoked", revokedAt: now },
  });
  return changed.count;
}

/**
 * Disconnect: in one transaction, the app's pending codes for this user go (and the devices
 * they allowed that have not collected their token are denied), every oat and ort
 * it holds for them is revoked, the remembered consent is forgotten, and it is audited; then
 * every instance's verifier cache forgets them (changeCredentials), so they stop working at once.
 *
 * Racing a code exchange or a refresh (PostgreSQL, READ COMMITTED): deleting the pending codes
 * first waits for an exchange that already holds its code's row, and each later statement sees
 * what such an exchange committed; the second revocation pass catches tokens committed by a
 * refresh that held its refresh token's row while the first pass waited for it. A code the
 * exchange has not yet claimed is gone, so its conditional claim fails. On SQLite the writes
 * are serialized anyway.
 */
export async function disconnectGrant(
  db: Db,
  actor: Disconnecting,
  grantId: string,
  context: RequestContext,
  now: Date = new Date(),
): Promise<Disconnected> {
  const id = grantIdSchema.safeParse(grantId);
  if (!id.success) throw new CredentialRuleError("Unknown connected app; reload the page.", null, "not_found");
  return changeCredentials(db, async (tx) => {
    const grant = await disconnectableGrant(tx, actor, id.data);
    await tx.oAuthAuthorizationCode.deleteMany({
      where: { userId: grant.userId, clientId: grant.clientId, consumedAt: null },
    });
    // A device the user allowed that has not polled for its token yet: its next poll gets
    // access_denied, not a token for an app just disconnected.
    await tx.deviceAuthorization.updateMany({
      where: { userId: grant.userId, clientId: grant.clientId, status: "allowed" satisfies DeviceStatus },
      data: { status: "denied" satisfies DeviceStatus },
    });
    const revoked =
      (await revokeAppTokens(tx, grant.userId, grant.clientId, now)) +
      (await revokeAppTokens(tx, grant.userId, grant.clientId, now));
    // Conditional: of two Disconnects racing, one records it.
    const deleted = await tx.oAuthGrant.deleteMany({ where: { id: grant.id } });
    if (deleted.count === 0)
      throw new CredentialRuleError("This app is not connected (any more); reload the page.", null, "not_found");
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "oauth.disconnected",
      target: { type: "oauth_client", id: grant.clientId, label: grant.client.clientId },
      context,
      accountId: grant.accountId,
      details: {
        name: grant.client.name,
        user: grant.user.email,
        by: grant.userId === actor.id ? "user" : "super_admin",
        tokensRevoked: revoked,
      },
    });
    return { appName: grant.client.name, tokensRevoked: revoked };
  });
}

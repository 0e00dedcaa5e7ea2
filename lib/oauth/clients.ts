// OAuth apps (the OAuth Apps screen): a super admin registers a client with its redirect URIs,
// allowed grants and scopes, and gets its client secret once; rotates the secret (the old one
// stops at once); deletes the app, which revokes every token it obtained. The secret is a
// Credential of kind "cs" and the tokens are Credentials of kind "oat", both linked to the
// client, so hashing, hints, audit and revocation are those of every other credential.
import { actorOf, recordAudit, type AuditAction, type AuditEntry, type RequestContext } from "../audit";
import { type Admin } from "../credentials/actor";
import { CredentialRuleError } from "../credentials/errors";
import { randomBase62 } from "../credentials/format";
import { issueCredential } from "../credentials/issue";
import type { RollGraceHours } from "../validations/roll-grace";
import { oauthAccessToken } from "../credentials/kinds/oauth-access-token";
import { oauthClientSecret } from "../credentials/kinds/oauth-client-secret";
import { oauthRefreshToken } from "../credentials/kinds/oauth-refresh-token";
import { notExpiredWhere } from "../credentials/lifecycle";
import { assertSuperAdmin } from "../credentials/require-super-admin";
import { splitScopes } from "../credentials/scope-list";
import { changeCredentials, issueOnce } from "../credentials/store";
import type { Db, Tx } from "../db";
import { rollGraceHoursSchema } from "../validations/credential";
import { newOAuthClientSchema, type GrantType, type NewOAuthClientInput } from "../validations/oauth-client";

export const CLIENT_ID_PREFIX = "kwc_";

/** The public client_id: not a secret, but unguessable, so client ids cannot be enumerated. */
export function mintClientId(): string {
  return CLIENT_ID_PREFIX + randomBase62(24);
}

export interface OAuthClientRecord {
  id: string;
  accountId: string;
  clientId: string;
  name: string;
  redirectUris: string[];
  grantTypes: GrantType[];
  scopes: string[];
  serviceUserId: string | null;
  canIntrospect: boolean;
  /** No secret: client_id and PKCE only (mobile, desktop and single-page apps). */
  isPublic: boolean;
}

export const CLIENT_SELECT = {
  id: true,
  accountId: true,
  clientId: true,
  name: true,
  redirectUris: true,
  grantTypes: true,
  scopes: true,
  serviceUserId: true,
  canIntrospect: true,
  isPublic: true,
} as const;

export function toRecord(row: {
  id: string;
  accountId: string;
  clientId: string;
  name: string;
  redirectUris: string;
  grantTypes: string;
  scopes: string;
  serviceUserId: string | null;
  canIntrospect: boolean;
  isPublic: boolean;
}): OAuthClientRecord {
  return {
    ...row,
    redirectUris: row.redirectUris.split("\n").filter(Boolean),
    grantTypes: splitScopes(row.grantTypes) as GrantType[],
    scopes: splitScopes(row.scopes),
  };
}

/** The client with this client_id, whatever its account (the OAuth endpoints know no account). */
export async function findClientByClientId(db: Db | Tx, clientId: string): Promise<OAuthClientRecord | null> {
  const row = await db.oAuthClient.findUnique({ where: { clientId }, select: CLIENT_SELECT });
  return row ? toRecord(row) : null;
}

/** `secret` null: a public client, which has none. */
export type RegisteredClient = { client: OAuthClientRecord; secret: string | null; secretHint: string | null };
export type ConfidentialClient = RegisteredClient & { secret: string; secretHint: string };

/** The registration of a confidential client, whose secret callers rely on. */
export function withSecret(registered: RegisteredClient): ConfidentialClient {
  if (registered.secret === null || registered.secretHint === null)
    throw new Error(`${registered.client.name} is a public client: it has no secret`);
  return registered as ConfidentialClient;
}

export type RegisterResult = { registered: RegisteredClient } | { duplicateOf: { id: string; clientId: string } };

export async function registerClient(
  db: Db,
  admin: Admin,
  input: NewOAuthClientInput,
  context: RequestContext,
): Promise<RegisterResult> {
  assertSuperAdmin(admin);
  const data = newOAuthClientSchema.parse(input);
  // The same form submitted twice: the first submission registered the app.
  const findFirst = async (database: Db, requestId: string) => {
    const first = await database.oAuthClient.findFirst({
      where: { createdById: admin.id, requestId },
      select: { id: true, clientId: true },
    });
    return first ? { duplicateOf: first } : null;
  };
  return issueOnce(db, { createdById: admin.id, requestId: data.requestId, findFirst }, async (tx) => {
    let serviceUserId: string | null = null;
    if (data.grantTypes.includes("client_credentials")) {
      const user = await tx.user.findFirst({
        where: { id: data.serviceUserId, accountId: admin.accountId, status: "active" },
        select: { id: true },
      });
      if (!user) throw new CredentialRuleError("Choose an active user of this account.", "serviceUserId");
      serviceUserId = user.id;
    }
    const row = await tx.oAuthClient.create({
      data: {
        accountId: admin.accountId,
        clientId: mintClientId(),
        name: data.name,
        redirectUris: data.redirectUris.join("\n"),
        grantTypes: data.grantTypes.join(" "),
        scopes: data.scopes.join(" "),
        serviceUserId,
        canIntrospect: data.canIntrospect,
        isPublic: data.clientType === "public",
        createdById: admin.id,
        requestId: data.requestId ?? null,
      },
      select: CLIENT_SELECT,
    });
    const secret = row.isPublic ? null : await issueClientSecret(tx, admin, { id: row.id, name: data.name });
    await auditClientChange(tx, admin, "oauth.client_registered", row, context, {
      name: data.name,
      type: data.clientType,
      grants: data.grantTypes.join(" "),
      scopes: data.scopes.join(" "),
      redirectUris: data.redirectUris.length,
      secretHint: secret?.hint ?? null,
      canIntrospect: data.canIntrospect,
    });
    return { registered: { client: toRecord(row), secret: secret?.secret ?? null, secretHint: secret?.hint ?? null } };
  });
}

/** A secret for this app: the account's, no user's, named after the app (shown once by the caller). */
function issueClientSecret(tx: Tx, admin: Admin, client: { id: string; name: string }) {
  return issueCredential(tx, oauthClientSecret, {
    accountId: admin.accountId,
    userId: null,
    createdById: admin.id,
    name: client.name,
    oauthClientId: client.id,
  });
}

/** The audit row of an admin's change to an OAuth app, written in the change's transaction. */
function auditClientChange(
  tx: Tx,
  admin: Admin,
  action: AuditAction,
  client: { id: string; clientId: string },
  context: RequestContext,
  details: AuditEntry["details"],
) {
  return recordAudit(tx, {
    actor: actorOf(admin),
    action,
    target: { type: "oauth_client", id: client.id, label: client.clientId },
    context,
    details,
  });
}

async function findOwnClient(tx: Tx, accountId: string, id: string) {
  // The account is in the where: another account's app is "not found", never touched.
  const client = await tx.oAuthClient.findFirst({
    where: { id, accountId },
    select: { id: true, clientId: true, name: true, isPublic: true },
  });
  if (!client) throw new CredentialRuleError("No such OAuth app.", null, "not_found");
  return client;
}

/** Revokes the client's live credentials of these kinds; returns how many. */
async function revokeClientCredentials(tx: Tx, clientId: string, kinds: string[], now: Date): Promise<number> {
  const changed = await tx.credential.updateMany({
    where: { oauthClientId: clientId, kind: { in: kinds }, status: { not: "revoked" } },
    data: { status: "revoked", revokedAt: now },
  });
  return changed.count;
}

/**
 * A new client secret, shown once. The old one stops at once (grace 0), or keeps working for
 * `graceHours` so the app can be redeployed with the new one first, as an API key's roll does.
 */
export async function rotateClientSecret(
  db: Db,
  admin: Admin,
  id: string,
  context: RequestContext,
  options: { graceHours?: RollGraceHours; now?: Date } = {},
): Promise<{ secret: string; secretHint: string; clientId: string; name: string; oldSecretExpiresAt: Date | null }> {
  assertSuperAdmin(admin);
  const grace = rollGraceHoursSchema.parse(options.graceHours ?? 0);
  const now = options.now ?? new Date();
  return changeCredentials(db, async (tx) => {
    const client = await findOwnClient(tx, admin.accountId, id);
    if (client.isPublic) throw new CredentialRuleError("A public client has no secret to rotate.");
    let oldSecretExpiresAt: Date | null = null;
    if (grace === 0) {
      await revokeClientCredentials(tx, client.id, [oauthClientSecret.code], now);
    } else {
      // Every live secret ends at the grace period's end at the latest (one in its own grace
      // already ends sooner and keeps that).
      oldSecretExpiresAt = new Date(now.getTime() + grace * 3_600_000);
      await tx.credential.updateMany({
        where: {
          oauthClientId: client.id,
          kind: oauthClientSecret.code,
          status: "active",
          ...notExpiredWhere(oldSecretExpiresAt),
        },
        data: { expiresAt: oldSecretExpiresAt },
      });
    }
    const secret = await issueClientSecret(tx, admin, client);
    await auditClientChange(tx, admin, "oauth.client_secret_rotated", client, context, {
      name: client.name,
      secretHint: secret.hint,
      graceHours: grace,
      oldSecretExpiresAt: oldSecretExpiresAt?.toISOString() ?? null,
    });
    return {
      secret: secret.secret,
      secretHint: secret.hint,
      clientId: client.clientId,
      name: client.name,
      oldSecretExpiresAt,
    };
  });
}

/** Deletes the app: its secret and every access and refresh token it obtained are revoked with it. */
export async function deleteClient(
  db: Db,
  admin: Admin,
  id: string,
  context: RequestContext,
  now: Date = new Date(),
): Promise<void> {
  assertSuperAdmin(admin);
  await changeCredentials(db, async (tx) => {
    const client = await findOwnClient(tx, admin.accountId, id);
    const tokens = await revokeClientCredentials(tx, client.id, [oauthAccessToken.code, oauthRefreshToken.code], now);
    await revokeClientCredentials(tx, client.id, [oauthClientSecret.code], now);
    // The revoked rows stay (hints for the audit trail); the link goes with the client.
    await tx.oAuthClient.delete({ where: { id: client.id } });
    await auditClientChange(tx, admin, "oauth.client_deleted", client, context, {
      name: client.name,
      tokensRevoked: tokens,
    });
  });
}

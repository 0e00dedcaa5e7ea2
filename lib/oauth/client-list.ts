// The OAuth Apps screen's list: each app of the account, newest first, with its current
// secret's hint, the previous secret while its grace period lasts, and its usable tokens.
import { oauthAccessToken } from "../credentials/kinds/oauth-access-token";
import { oauthClientSecret } from "../credentials/kinds/oauth-client-secret";
import { expiringSoonWhere } from "../credentials/expiring";
import { usableWhere } from "../credentials/lifecycle";
import type { Db } from "../db";
import { NEWEST_FIRST, PAGE_SIZE, readPage, type Page } from "../pagination";
import { CLIENT_SELECT, toRecord, type OAuthClientRecord } from "./clients";

export interface OAuthClientRow extends OAuthClientRecord {
  createdAt: Date;
  serviceUser: { id: string; email: string } | null;
  /** The current secret (its detail page), or null for a public client. */
  secretId: string | null;
  secretHint: string | null;
  secretLastUsedAt: Date | null;
  /** The secret before the last rotation, while its grace period lasts. */
  previousSecret: { id: string; hint: string; expiresAt: Date | null } | null;
  activeTokens: number;
}

export async function listClients(
  db: Db,
  accountId: string,
  page: number,
  pageSize = PAGE_SIZE,
  now: Date = new Date(),
  filter: { expiringSoon?: boolean } = {},
): Promise<Page<OAuthClientRow>> {
  // Expiring soon: a secret in its grace period after a rotation that ends within 7 days.
  const where = {
    accountId,
    ...(filter.expiringSoon
      ? { credentials: { some: { kind: oauthClientSecret.code, ...expiringSoonWhere(now) } } }
      : {}),
  };
  return readPage(
    page,
    pageSize,
    () => db.oAuthClient.count({ where }),
    (window) =>
      db.oAuthClient.findMany({
        where,
        orderBy: NEWEST_FIRST,
        ...window,
        select: {
          ...CLIENT_SELECT,
          createdAt: true,
          serviceUser: { select: { id: true, email: true } },
          credentials: {
            where: { kind: oauthClientSecret.code, ...usableWhere(now) },
            orderBy: NEWEST_FIRST,
            select: { id: true, hint: true, lastUsedAt: true, expiresAt: true },
            take: 2,
          },
          _count: { select: { credentials: { where: { kind: oauthAccessToken.code, ...usableWhere(now) } } } },
        },
      }),
    ({ credentials, _count, createdAt, serviceUser, ...row }) => ({
      ...toRecord(row),
      createdAt,
      serviceUser,
      secretId: credentials[0]?.id ?? null,
      secretHint: credentials[0]?.hint ?? null,
      secretLastUsedAt: credentials[0]?.lastUsedAt ?? null,
      previousSecret: credentials[1]
        ? { id: credentials[1].id, hint: credentials[1].hint, expiresAt: credentials[1].expiresAt }
        : null,
      activeTokens: _count.credentials,
    }),
  );
}

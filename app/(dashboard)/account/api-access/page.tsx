import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/current-user";
import { findAccountApiKey } from "@/lib/credentials/account-api-key";
import { listAssignableApiUsers, listAuthTokens } from "@/lib/credentials/auth-tokens";
import { grantableOrganizations } from "@/lib/credentials/narrowing";
import { AUTH_TOKENS_PER_ACCOUNT } from "@/lib/credentials/kinds/auth-token";
import { db } from "@/lib/db";
import { parsePage } from "@/lib/pagination";
import { CredentialStatus } from "@/components/credentials/credential-status";
import { DateTime } from "@/components/ui/date-time";
import { PaginationNav } from "@/components/ui/pagination-nav";
import { CreateAuthTokenDialog } from "./create-auth-token-dialog";
import { GenerateApiKey } from "./generate-api-key";
import { RevealApiKey } from "./reveal-api-key";
import { TokenActionsMenu } from "./token-actions-menu";
import { NarrowingNote } from "@/components/credentials/narrowing-note";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { ExpiresCell } from "@/components/credentials/expires-cell";
import { HintLink } from "@/components/credentials/hint-link";
import { ExpiringFilter } from "@/components/credentials/expiring-filter";
import { EXPIRING_PARAM, EXPIRING_SOON, isExpiringSoonFilter } from "@/lib/credentials/expiring";
import { calendarDay } from "@/lib/credentials/expiry-days";
import { maxDaysFor } from "@/lib/credentials/expiry-policy";
import { ReplaceLink } from "../../credentials/replace-link";
import { ReplacementSlot } from "../../credentials/replacement-slot";

export const metadata: Metadata = { title: "API Access" };

const LIST_PATH = "/account/api-access";

export default async function ApiAccessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireRole("super_admin");
  const client = await db();
  const params = await searchParams;
  const expiringSoon = isExpiringSoonFilter(params[EXPIRING_PARAM]);
  const now = new Date();
  const [apiKey, tokens, apiUsers, account, maxDays, organizations] = await Promise.all([
    findAccountApiKey(client, admin.accountId),
    listAuthTokens(client, admin.accountId, parsePage(params.page), undefined, now, { expiringSoon }),
    listAssignableApiUsers(client, admin.accountId),
    client.account.findUniqueOrThrow({ where: { id: admin.accountId }, select: { authTokenCount: true } }),
    maxDaysFor(client, admin.accountId, "at"),
    // The whole network: the dialog offers each API user the part of it they reach.
    grantableOrganizations(client, admin),
  ]);
  const disabledReason =
    apiUsers.length === 0
      ? "There is no active API user yet. In Manage Users, open a user's profile and check Set As API User."
      : account.authTokenCount >= AUTH_TOKENS_PER_ACCOUNT
        ? `This account has ${AUTH_TOKENS_PER_ACCOUNT} auth tokens, the most it can hold. Delete an inactive or expired token first.`
        : null;

  return (
    <div className="max-w-5xl space-y-10">
      <div>
        <p className="text-sm text-slate-600">My Account</p>
        <h1 className="text-2xl font-semibold">API Access</h1>
      </div>

      <section aria-labelledby="api-key-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="api-key-title" className="text-lg font-semibold">
          API Key
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Unique to this account. Send it as the <code>user_key</code> header of API requests, with an auth token.
        </p>
        <div className="mt-4">
          {apiKey ? (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-600">Key</dt>
              <dd data-testid="api-key-hint">
                <HintLink id={apiKey.id} hint={apiKey.hint} />
              </dd>
              <dt className="text-slate-600">Generated</dt>
              <dd>
                <DateTime value={apiKey.createdAt} />
              </dd>
              <dt className="text-slate-600">Last used</dt>
              <dd>
                <DateTime value={apiKey.lastUsedAt} />
              </dd>
              {apiKey.revealable ? (
                <dd className="col-span-2 mt-2 space-y-2 text-slate-600">
                  <p>
                    The API Key cannot be changed or deleted. Super admins can reveal and copy it after entering their
                    password again; each reveal is recorded in the Audit Log.
                  </p>
                  <RevealApiKey />
                </dd>
              ) : (
                <dd className="col-span-2 mt-2 text-slate-600" data-testid="api-key-not-revealable">
                  The API Key cannot be changed or deleted. It was generated before Keyward kept a sealed copy of it, so
                  it cannot be revealed: it was shown only once, when it was generated.
                </dd>
              )}
            </dl>
          ) : (
            <GenerateApiKey />
          )}
        </div>
      </section>

      <section aria-labelledby="auth-tokens-title">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h2 id="auth-tokens-title" className="text-lg font-semibold">
              Auth Tokens
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              {account.authTokenCount} of {AUTH_TOKENS_PER_ACCOUNT} tokens. Each belongs to an API user and expires at
              00:00 UTC on its expiration date.
            </p>
          </div>
          <div className="max-w-xs text-right">
            <CreateAuthTokenDialog
              apiUsers={apiUsers}
              organizations={organizations}
              today={calendarDay(now)}
              maxDays={maxDays}
              disabledReason={disabledReason}
            />
          </div>
        </div>
        <div className="mt-4 space-y-3">
          <ReplacementSlot user={admin} replace={params.replace} listPath={LIST_PATH} />
          <ExpiringFilter basePath={LIST_PATH} active={expiringSoon} />
        </div>
        {tokens.total === 0 ? (
          <p className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            {expiringSoon ? "No auth token expires within 7 days." : "No auth tokens yet."}
          </p>
        ) : (
          <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <ListTable label="Auth tokens">
              <ColumnHeads names={["Name", "API User", "Token", "Expires", "Status", "Last used"]} actions />
              <tbody>
                {tokens.rows.map((token) => (
                  <tr key={token.id} className="border-t border-slate-100">
                    <td className="px-3 py-2">
                      {token.name}
                      <NarrowingNote permissions={token.permissions} />
                    </td>
                    <td className="px-3 py-2">{token.apiUser?.email ?? "—"}</td>
                    <td className="px-3 py-2">
                      <HintLink id={token.id} hint={token.hint} />
                    </td>
                    <td className="px-3 py-2">
                      <ExpiresCell
                        expiresAt={token.expiresAt}
                        usable={token.state === "active"}
                        expiringSoon={token.expiringSoon}
                        replacedBy={token.replacedBy}
                        now={now}
                      />
                    </td>
                    <td className="px-3 py-2">
                      <CredentialStatus state={token.state} />
                    </td>
                    <td className="px-3 py-2">
                      <DateTime value={token.lastUsedAt} />
                    </td>
                    <td className="space-x-3 px-3 py-2 text-right whitespace-nowrap">
                      {token.expiringSoon && !token.replacedBy ? (
                        <ReplaceLink kind="at" id={token.id} name={token.name} />
                      ) : null}
                      <TokenActionsMenu
                        tokenId={token.id}
                        name={token.name}
                        hint={token.hint}
                        operations={token.actions}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </ListTable>
          </div>
        )}
        <PaginationNav
          basePath={LIST_PATH}
          {...tokens}
          query={{ [EXPIRING_PARAM]: expiringSoon ? EXPIRING_SOON : undefined }}
        />
      </section>
    </div>
  );
}

import type { Metadata } from "next";
import { OAUTH_SCOPES } from "@/lib/access/privileges";
import { requireRole } from "@/lib/auth/current-user";
import { HintLink } from "@/components/credentials/hint-link";
import { listApiKeyOwners } from "@/lib/credentials/api-keys";
import { db } from "@/lib/db";
import { listClients } from "@/lib/oauth/client-list";
import { parsePage } from "@/lib/pagination";
import { GRANT_TYPE_LABELS } from "@/lib/validations/oauth-client";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { PaginationNav } from "@/components/ui/pagination-nav";
import { OAuthAppActions } from "./oauth-app-actions";
import { RegisterOAuthAppDialog } from "./register-oauth-app-dialog";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { ExpiringFilter } from "@/components/credentials/expiring-filter";
import { EXPIRING_PARAM, isExpiringSoonFilter } from "@/lib/credentials/expiring";
import { daysLeftLabel } from "@/lib/credentials/expiry-days";
import { describeRateLimit } from "@/lib/rate-limits/policy";
import { readOAuthAppRateLimits } from "@/lib/credential-controls/rate-limit-settings";
import { readOAuthAppAllowlists } from "@/lib/credential-controls/allowlist-settings";
import { OAuthAppAllowlistDialog } from "./allowlist-dialog";
import { listAppGrants } from "@/lib/oauth/connected-apps";
import { DisconnectButton } from "@/components/oauth/disconnect-button";
import { disconnectUserGrantAction } from "./actions";

export const metadata: Metadata = { title: "OAuth Apps" };

export default async function OAuthAppsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireRole("super_admin");
  const client = await db();
  const params = await searchParams;
  const expiringSoon = isExpiringSoonFilter(params[EXPIRING_PARAM]);
  const now = new Date();
  // The same owners as API keys: every active user of the account may be the one an app acts as.
  const [apps, owners] = await Promise.all([
    listClients(client, admin.accountId, parsePage(params.page), undefined, now, { expiringSoon }),
    listApiKeyOwners(client, admin.accountId),
  ]);
  const appIds = apps.rows.map((app) => app.id);
  const [rateLimits, allowlists, grants] = await Promise.all([
    readOAuthAppRateLimits(client, admin.accountId, appIds),
    readOAuthAppAllowlists(client, admin.accountId, appIds),
    listAppGrants(client, admin, appIds),
  ]);
  const allowedApps = apps.rows.filter((app) => grants.has(app.id));

  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-600">Administration</p>
          <h1 className="text-2xl font-semibold">OAuth Apps</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Third-party apps that obtain tokens at <code>POST /oauth2/token</code>: with the client credentials grant
            (the app acts as the user chosen for it) or the authorization code grant with PKCE (a user signs in and
            allows the app). Tokens are <code>kw_oat_</code> Bearer tokens, valid for 1 hour; an app registered for
            refresh tokens also gets a <code>kw_ort_</code> refresh token with each authorization-code token, others ask
            again. Client libraries find every endpoint at{" "}
            <a href="/.well-known/oauth-authorization-server" className="text-indigo-700 underline">
              /.well-known/oauth-authorization-server
            </a>
            .
          </p>
        </div>
        <RegisterOAuthAppDialog owners={owners} scopes={[...OAUTH_SCOPES]} />
      </div>
      <ExpiringFilter basePath="/oauth-apps" active={expiringSoon} />
      {apps.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {expiringSoon
            ? "No app has a previous client secret whose grace period ends within 7 days."
            : "No OAuth apps yet."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <ListTable label="OAuth apps">
            <ColumnHeads
              names={["Name", "Client ID", "Grants", "Scopes", "Acts as", "Client secret", "Active tokens", "Created"]}
              actions
            />
            <tbody>
              {apps.rows.map((app) => (
                <tr key={app.id} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2">
                    {app.name}
                    {rateLimits.has(app.id) ? (
                      <div className="text-xs text-slate-600">Limit: {describeRateLimit(rateLimits.get(app.id)!)}</div>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-2">
                      <span className="font-mono">{app.clientId}</span>
                      <CopyButton value={app.clientId} label={`Copy client ID of ${app.name}`} />
                    </div>
                  </td>
                  <td className="px-3 py-2">{app.grantTypes.map((grant) => GRANT_TYPE_LABELS[grant]).join(", ")}</td>
                  <td className="px-3 py-2">{app.scopes.join(", ")}</td>
                  <td className="px-3 py-2">{app.serviceUser?.email ?? "—"}</td>
                  <td className="px-3 py-2">
                    {app.isPublic ? (
                      <div className="text-slate-600">Public client: no secret</div>
                    ) : (
                      <>
                        <div className="font-mono">
                          {app.secretId && app.secretHint ? (
                            <HintLink id={app.secretId} hint={app.secretHint} />
                          ) : (
                            (app.secretHint ?? "—")
                          )}
                        </div>
                        <div className="text-xs text-slate-600">
                          Last used <DateTime value={app.secretLastUsedAt} />
                        </div>
                        {app.previousSecret ? (
                          <div className="text-xs text-amber-800">
                            Previous <HintLink id={app.previousSecret.id} hint={app.previousSecret.hint} /> works until{" "}
                            <DateTime value={app.previousSecret.expiresAt} />
                            {app.previousSecret.expiresAt
                              ? ` (${daysLeftLabel(app.previousSecret.expiresAt, now)})`
                              : null}
                          </div>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td className="px-3 py-2">{app.activeTokens}</td>
                  <td className="px-3 py-2">
                    <DateTime value={app.createdAt} />
                  </td>
                  <td className="px-3 py-2 text-right">
                    <div className="mb-1">
                      <OAuthAppAllowlistDialog
                        appId={app.id}
                        name={app.name}
                        saved={allowlists.get(app.id) ?? { ranges: [], reportOnly: false }}
                      />
                    </div>
                    <OAuthAppActions
                      appId={app.id}
                      name={app.name}
                      clientId={app.clientId}
                      activeTokens={app.activeTokens}
                      isPublic={app.isPublic}
                      clientCredentials={app.grantTypes.includes("client_credentials")}
                      rateLimit={rateLimits.get(app.id) ?? null}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </ListTable>
        </div>
      )}
      {allowedApps.length > 0 ? (
        <section aria-labelledby="connected-users-title" className="space-y-4">
          <div>
            <h2 id="connected-users-title" className="text-lg font-semibold">
              Who allowed these apps
            </h2>
            <p className="mt-1 max-w-2xl text-sm text-slate-600">
              Users who allowed an app on its consent page (authorization code grant). Disconnect revokes the app&apos;s
              tokens for that user at once; the app has to ask them again.
            </p>
          </div>
          {allowedApps.map((app) => {
            const { grants: rows, total } = grants.get(app.id)!;
            return (
              <div key={app.id} className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
                <h3 className="px-3 pt-2 font-medium">
                  {app.name}{" "}
                  <span className="font-normal text-slate-600">({total === 1 ? "1 user" : `${total} users`})</span>
                </h3>
                <ListTable label={`Users who allowed ${app.name}`}>
                  <ColumnHeads names={["User", "Allowed to", "Since", "Last used"]} actions />
                  <tbody>
                    {rows.map((grant) => (
                      <tr key={grant.grantId} className="border-t border-slate-100 align-top">
                        <td className="px-3 py-2">
                          <div>{grant.user.name}</div>
                          <div className="text-xs text-slate-600">{grant.user.email}</div>
                        </td>
                        <td className="px-3 py-2">{grant.scopes.map(({ description }) => description).join("; ")}</td>
                        <td className="px-3 py-2">
                          <DateTime value={grant.since} />
                        </td>
                        <td className="px-3 py-2">
                          <DateTime value={grant.lastUsedAt} />
                        </td>
                        <td className="px-3 py-2 text-right">
                          <DisconnectButton
                            grantId={grant.grantId}
                            appName={app.name}
                            userEmail={grant.user.email}
                            action={disconnectUserGrantAction}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </ListTable>
                {total > rows.length ? (
                  <p className="border-t border-slate-100 px-3 py-2 text-sm text-slate-600">
                    The {rows.length} most recent shown; {total - rows.length} more.
                  </p>
                ) : null}
              </div>
            );
          })}
        </section>
      ) : null}
      <PaginationNav basePath="/oauth-apps" {...apps} query={{ expiring: expiringSoon ? "soon" : undefined }} />
    </div>
  );
}

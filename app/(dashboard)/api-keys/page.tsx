import type { Metadata } from "next";
import { SCOPES } from "@/lib/access/privileges";
import { requireRole } from "@/lib/auth/current-user";
import { listApiKeyOwners, listApiKeys } from "@/lib/credentials/api-keys";
import { db } from "@/lib/db";
import { parsePage } from "@/lib/pagination";
import { CredentialStatus } from "@/components/credentials/credential-status";
import { DateTime } from "@/components/ui/date-time";
import { PaginationNav } from "@/components/ui/pagination-nav";
import { ApiKeyActions } from "./api-key-actions";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { ExpiresCell } from "@/components/credentials/expires-cell";
import { HintLink } from "@/components/credentials/hint-link";
import { ExpiringFilter } from "@/components/credentials/expiring-filter";
import { EXPIRING_PARAM, EXPIRING_SOON, isExpiringSoonFilter } from "@/lib/credentials/expiring";
import { calendarDay } from "@/lib/credentials/expiry-days";
import { maxDaysFor } from "@/lib/credentials/expiry-policy";
import { ReplaceLink } from "../credentials/replace-link";
import { ReplacementSlot } from "../credentials/replacement-slot";

export const metadata: Metadata = { title: "API Keys" };

const LIST_PATH = "/api-keys";

export default async function ApiKeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireRole("super_admin");
  const client = await db();
  const now = new Date();
  const params = await searchParams;
  const expiringSoon = isExpiringSoonFilter(params[EXPIRING_PARAM]);
  const [keys, owners, maxDays] = await Promise.all([
    listApiKeys(client, admin.accountId, parsePage(params.page), undefined, now, { expiringSoon }),
    listApiKeyOwners(client, admin.accountId),
    maxDaysFor(client, admin.accountId, "key"),
  ]);

  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-600">Administration</p>
          <h1 className="text-2xl font-semibold">API Keys</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Keys made by hand for a user of this account. Send one as <code>Authorization: key &lt;key&gt;</code> or{" "}
            <code>X-API-Key: &lt;key&gt;</code>. A key carries its user&apos;s privileges, narrowed to its scopes when
            it has some.
          </p>
        </div>
        <CreateApiKeyDialog owners={owners} scopes={[...SCOPES]} today={calendarDay(now)} maxDays={maxDays} />
      </div>
      <ReplacementSlot user={admin} replace={params.replace} listPath={LIST_PATH} />
      <ExpiringFilter basePath={LIST_PATH} active={expiringSoon} />
      {keys.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {expiringSoon ? "No API key expires within 7 days." : "No API keys yet."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <ListTable label="API keys">
            <ColumnHeads names={["Name", "User", "Key", "Scopes", "Expires", "Status", "Last used"]} actions />
            <tbody>
              {keys.rows.map((key) => (
                <tr key={key.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">{key.name}</td>
                  <td className="px-3 py-2">{key.owner?.email ?? "—"}</td>
                  <td className="px-3 py-2">
                    <HintLink id={key.id} hint={key.hint} />
                  </td>
                  <td className="px-3 py-2">
                    {key.scopes ? (
                      key.scopes.join(", ")
                    ) : (
                      <span className="text-slate-600">User&apos;s own privileges</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <ExpiresCell
                      expiresAt={key.expiresAt}
                      usable={key.state === "active" || key.graceEndsAt !== null}
                      expiringSoon={key.expiringSoon}
                      replacedBy={key.replacedBy}
                      now={now}
                    />
                  </td>
                  <td className="px-3 py-2">
                    <CredentialStatus state={key.state} graceEndsAt={key.graceEndsAt} />
                  </td>
                  <td className="px-3 py-2">
                    <DateTime value={key.lastUsedAt} />
                  </td>
                  <td className="space-x-3 px-3 py-2 text-right whitespace-nowrap">
                    {key.expiringSoon && !key.replacedBy ? (
                      <ReplaceLink kind="key" id={key.id} name={key.name} />
                    ) : null}
                    <ApiKeyActions
                      keyId={key.id}
                      name={key.name}
                      hint={key.hint}
                      canRoll={key.actions.includes("roll")}
                      canRevoke={key.actions.includes("revoke")}
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
        {...keys}
        query={{ [EXPIRING_PARAM]: expiringSoon ? EXPIRING_SOON : undefined }}
      />
    </div>
  );
}

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

export const metadata: Metadata = { title: "API Keys" };

/** Tomorrow in UTC: the earliest Expiration Date (a key expires at 00:00 UTC of its date). */
function tomorrowUtc(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString().slice(0, 10);
}

export default async function ApiKeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireRole("super_admin");
  const client = await db();
  const now = new Date();
  const [keys, owners] = await Promise.all([
    listApiKeys(client, admin.accountId, parsePage((await searchParams).page), undefined, now),
    listApiKeyOwners(client, admin.accountId),
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
        <CreateApiKeyDialog owners={owners} scopes={[...SCOPES]} minDate={tomorrowUtc(now)} />
      </div>
      {keys.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No API keys yet.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" aria-label="API keys">
            <ColumnHeads names={["Name", "User", "Key", "Scopes", "Expires", "Status", "Last used"]} actions />
            <tbody>
              {keys.rows.map((key) => (
                <tr key={key.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">{key.name}</td>
                  <td className="px-3 py-2">{key.owner?.email ?? "—"}</td>
                  <td className="px-3 py-2 font-mono">{key.hint}</td>
                  <td className="px-3 py-2">
                    {key.scopes ? (
                      key.scopes.join(", ")
                    ) : (
                      <span className="text-slate-600">User&apos;s own privileges</span>
                    )}
                  </td>
                  <td className="px-3 py-2">{key.expiresAt ? <DateTime value={key.expiresAt} /> : "Never"}</td>
                  <td className="px-3 py-2">
                    <CredentialStatus state={key.state} graceEndsAt={key.graceEndsAt} />
                  </td>
                  <td className="px-3 py-2">
                    <DateTime value={key.lastUsedAt} />
                  </td>
                  <td className="px-3 py-2 text-right">
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
          </table>
        </div>
      )}
      <PaginationNav basePath="/api-keys" {...keys} />
    </div>
  );
}

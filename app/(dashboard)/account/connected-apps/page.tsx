import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { listConnectedApps } from "@/lib/oauth/connected-apps";
import { DisconnectButton } from "@/components/oauth/disconnect-button";
import { ColumnHeads } from "@/components/ui/column-heads";
import { DateTime } from "@/components/ui/date-time";
import { ListTable } from "@/components/ui/list-table";
import { disconnectOwnAppAction } from "./actions";

export const metadata: Metadata = { title: "Connected apps" };

// Open to every signed-in user, for their own grants only (the query is by their id).
export default async function ConnectedAppsPage() {
  const user = await requireUser();
  const apps = await listConnectedApps(await db(), user);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Connected apps</h1>
        <p className="mt-1 max-w-2xl text-slate-600">
          Apps you allowed to use your Keyward account. They are not asked again for what you allowed; Disconnect takes
          back their access at once.
        </p>
      </div>
      {apps.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          You have not allowed any app to use your account.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <ListTable label="Connected apps">
            <ColumnHeads names={["App", "Allowed to", "First allowed", "Last used"]} actions />
            <tbody>
              {apps.map((app) => (
                <tr key={app.grantId} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2">
                    <div className="font-medium">{app.name}</div>
                    <div className="font-mono text-xs text-slate-500">{app.publicClientId}</div>
                  </td>
                  <td className="px-3 py-2">
                    <ul className="list-disc pl-4">
                      {app.scopes.map(({ scope, description }) => (
                        <li key={scope}>
                          {description} <code className="text-xs text-slate-500">{scope}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="px-3 py-2">
                    <DateTime value={app.since} />
                  </td>
                  <td className="px-3 py-2">
                    <DateTime value={app.lastUsedAt} />
                  </td>
                  <td className="px-3 py-2 text-right">
                    <DisconnectButton grantId={app.grantId} appName={app.name} action={disconnectOwnAppAction} />
                  </td>
                </tr>
              ))}
            </tbody>
          </ListTable>
        </div>
      )}
    </div>
  );
}

// The Advertisers and Publishers screens (one component, the kind decides the table): a
// paged list searchable by name or ID from network. Super admins and network users see the
// whole network and may create, edit and delete; an advertiser or publisher user sees their
// own one, read-only; anyone else gets 403. The page passes the session's user and its actions.
import { forbidden } from "next/navigation";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { listOrganizations } from "@/lib/organizations/read";
import { mayManageOrganizations, ownOrganization } from "@/lib/organizations/reach";
import { KIND_LABELS } from "@/lib/organizations/rows";
import { PAGE_SIZE, parsePage } from "@/lib/pagination";
import type { OrganizationKind } from "@/lib/validations/organization";
import { DateTime } from "@/components/ui/date-time";
import { PaginationNav } from "@/components/ui/pagination-nav";
import { NewOrganizationDialog, OrganizationRowActions, type OrganizationActions } from "./organization-dialogs";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";

export type SearchParams = Record<string, string | string[] | undefined>;

/** A search parameter's first value; the search box sends one. */
function param(query: SearchParams, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function OrganizationsScreen({
  kind,
  user,
  query,
  actions,
}: {
  kind: OrganizationKind;
  user: CurrentUser;
  query: SearchParams;
  actions: OrganizationActions;
}) {
  // A publisher user has no advertiser to see (and the other way round): 403, not an empty list.
  if (ownOrganization(user, kind) === null) forbidden();
  const manages = mayManageOrganizations(user);
  const labels = KIND_LABELS[kind];
  const path = `/${kind}s`;
  // Longer than any name or id: nothing could match it, and it keeps the query small.
  const search = param(query, "search")?.trim().slice(0, 200) || undefined;
  const list = await listOrganizations(await db(), user, kind, {
    search,
    page: parsePage(query.page),
    pageSize: PAGE_SIZE,
  });

  return (
    <div className="max-w-5xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-600">Network</p>
          <h1 className="text-2xl font-semibold">{labels.many}</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            {manages
              ? `The ${kind}s of your network, each with the network's own ID (id_from_network), as the API's /${kind}s/{id_from_network}.json finds it. One that users still belong to cannot be deleted: set its approval status to Archived instead, and no new user can join it.`
              : `Your own ${kind}, read-only.`}
          </p>
        </div>
        {manages ? (
          <NewOrganizationDialog
            kind={kind}
            label={labels.one}
            action={actions.create}
            openAtOnce={param(query, "create") === "1"}
          />
        ) : null}
      </div>
      <form method="get" action={path} role="search" className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${kind}-search`} className="text-sm font-medium">
          Search
        </label>
        <input
          id={`${kind}-search`}
          type="search"
          name="search"
          defaultValue={search ?? ""}
          placeholder="Name or ID from network"
          className="w-72 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm"
        />
        <button type="submit" className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
          Search
        </button>
        {search ? (
          <a href={path} className="text-sm text-indigo-700 underline">
            Show all
          </a>
        ) : null}
      </form>
      {list.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {search ? `No ${kind}s match “${search}”.` : `No ${kind}s yet.`}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <ListTable label={labels.many}>
            <ColumnHeads names={["ID from network", "Name", "Approval status", "Created"]} actions={manages} />
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2 font-mono">{row.idFromNetwork}</td>
                  <td className="px-3 py-2">{row.name}</td>
                  <td className="px-3 py-2">{row.approvalStatus}</td>
                  <td className="px-3 py-2">
                    <DateTime value={row.createdAt} />
                  </td>
                  {manages ? (
                    <td className="px-3 py-2 text-right">
                      <OrganizationRowActions
                        kind={kind}
                        label={labels.one}
                        item={{
                          id: row.id,
                          idFromNetwork: row.idFromNetwork,
                          name: row.name,
                          approvalStatus: row.approvalStatus,
                        }}
                        actions={actions}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </ListTable>
        </div>
      )}
      <PaginationNav basePath={path} {...list} query={{ search }} />
    </div>
  );
}

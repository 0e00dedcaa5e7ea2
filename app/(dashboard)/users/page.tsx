import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/lib/auth/current-user";
import { ROLE_LABELS, STATUS_LABELS, roleSchema, statusSchema } from "@/lib/access/roles";
import { db } from "@/lib/db";
import { parsePage } from "@/lib/pagination";
import { listUsers } from "@/lib/users/list-users";
import { DateTime } from "@/components/ui/date-time";
import { PaginationNav } from "@/components/ui/pagination-nav";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";

export const metadata: Metadata = { title: "Manage Users" };

export default async function ManageUsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireRole("super_admin");
  const page = await listUsers(await db(), admin.accountId, parsePage((await searchParams).page));
  return (
    <div className="max-w-5xl">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Manage Users</h1>
        <Link
          href="/users/new"
          className="rounded bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800"
        >
          + New User
        </Link>
      </div>
      <div className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <ListTable>
          <ColumnHeads names={["Name", "Email", "Role", "Status", "API user", "Last sign-in"]} />
          <tbody>
            {page.rows.map((user) => {
              const role = roleSchema.safeParse(user.role);
              const status = statusSchema.safeParse(user.status);
              return (
                <tr key={user.id} className="border-t border-slate-100 hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link
                      href={`/users/${user.id}`}
                      className="font-medium text-indigo-700 underline-offset-2 hover:underline"
                    >
                      {user.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{user.email}</td>
                  <td className="px-3 py-2">{role.success ? ROLE_LABELS[role.data] : user.role}</td>
                  <td className="px-3 py-2">{status.success ? STATUS_LABELS[status.data] : user.status}</td>
                  <td className="px-3 py-2">{user.isApiUser ? "Yes" : "No"}</td>
                  <td className="px-3 py-2">
                    <DateTime value={user.lastSignInAt} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </ListTable>
      </div>
      <PaginationNav basePath="/users" {...page} />
    </div>
  );
}

import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/current-user";
import { listAuditEvents } from "@/lib/audit-log";
import { db } from "@/lib/db";
import { parsePage } from "@/lib/pagination";
import { DateTime } from "@/components/ui/date-time";
import { PaginationNav } from "@/components/ui/pagination-nav";

export const metadata: Metadata = { title: "Audit Log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireRole("super_admin");
  const page = await listAuditEvents(await db(), admin.accountId, parsePage((await searchParams).page));
  return (
    <div className="max-w-5xl">
      <h1 className="text-2xl font-semibold">Audit Log</h1>
      <div className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Time</th>
              <th scope="col" className="px-3 py-2">Actor</th>
              <th scope="col" className="px-3 py-2">Action</th>
              <th scope="col" className="px-3 py-2">Target</th>
              <th scope="col" className="px-3 py-2">Address</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((event) => (
              <tr key={event.id} className="border-t border-slate-100">
                <td className="whitespace-nowrap px-3 py-2"><DateTime value={event.createdAt} /></td>
                <td className="px-3 py-2">{event.actorLabel}</td>
                <td className="px-3 py-2 font-mono text-xs">{event.action}</td>
                <td className="px-3 py-2">{event.targetLabel ?? ""}</td>
                <td className="px-3 py-2">{event.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PaginationNav basePath="/audit" {...page} />
    </div>
  );
}

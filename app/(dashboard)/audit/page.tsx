import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/current-user";
import { filteredCredential, presentCredentialIds } from "@/lib/audit-log/credential-filter";
import { listAuditEvents } from "@/lib/audit-log/entries";
import { db } from "@/lib/db";
import { parseAuditLogSearchParams, type SearchParams } from "@/lib/audit-log/filters";
import { AuditEventTable } from "@/components/audit/audit-event-table";
import { AuditLogFilters } from "@/components/audit/audit-log-filters";
import { AuditLogPagination } from "@/components/audit/audit-log-pagination";

export const metadata: Metadata = { title: "Audit Log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireRole("super_admin");
  const query = parseAuditLogSearchParams(await searchParams);
  // A refused filter lists nothing rather than everything: rows under a filter the admin
  // believes applied would be read as its result.
  const invalid = Object.keys(query.errors).length > 0;
  const page = invalid ? null : await listAuditEvents(await db(), admin.accountId, query.filters, query.cursor);
  const credential = query.filters.credential
    ? await filteredCredential(await db(), admin.accountId, query.filters.credential)
    : null;
  const linkable = page ? await presentCredentialIds(await db(), admin.accountId, page.rows) : new Set<string>();
  return (
    <div className="max-w-6xl">
      <h1 className="text-2xl font-semibold">Audit Log</h1>
      <p className="mt-1 text-sm text-slate-600">
        Every lifecycle and sign-in event of your account, and sign-in attempts on this installation that match no
        account, newest first. Times and dates are in UTC.
      </p>
      <AuditLogFilters query={query} credential={credential} />
      {query.cursorError ? (
        <p role="status" className="mt-4 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {query.cursorError}
        </p>
      ) : null}
      {page === null ? (
        <p role="alert" className="mt-6 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          No events are listed until the filters marked above are corrected.
        </p>
      ) : page.rows.length === 0 ? (
        <p className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
          No events match these filters.
        </p>
      ) : (
        <AuditEventTable rows={page.rows} query={query} credentialPages={linkable} />
      )}
      {page ? <AuditLogPagination page={page} query={query} /> : null}
    </div>
  );
}

import Link from "next/link";
import type { AuditPage } from "@/lib/audit-log/entries";
import { COUNT_CAP } from "@/lib/audit-log/entries";
import { encodeCursor, filterSearchParams, type AuditLogQuery } from "@/lib/audit-log/filters";

const linkClass = "text-indigo-700 underline";

/**
 * Newer / Older links that keep the filters: each is "the page before (after) this row", so
 * a shared link keeps showing the same events as the log grows (see lib/audit-log/entries.ts).
 */
export function AuditLogPagination({ page, query }: { page: AuditPage; query: AuditLogQuery }) {
  const href = (extra: Record<string, string> = {}) => {
    const params = filterSearchParams(query.values, extra).toString();
    return params ? `/audit?${params}` : "/audit";
  };
  const { count, capped } = page.matching;
  const matching = capped
    ? `More than ${COUNT_CAP.toLocaleString("en-US")} events match`
    : `${count.toLocaleString("en-US")} ${count === 1 ? "event matches" : "events match"}`;
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center gap-4 text-sm">
      <span className="text-slate-600">{matching} · newest first</span>
      {query.cursor ? (
        <Link href={href()} className={linkClass}>
          Newest
        </Link>
      ) : null}
      {page.newer ? (
        <Link href={href({ after: encodeCursor(page.newer) })} className={linkClass} rel="prev">
          Newer
        </Link>
      ) : null}
      {page.older ? (
        <Link href={href({ before: encodeCursor(page.older) })} className={linkClass} rel="next">
          Older
        </Link>
      ) : null}
    </nav>
  );
}

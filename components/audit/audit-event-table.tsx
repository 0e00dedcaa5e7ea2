import Link from "next/link";
import type { AuditRow } from "@/lib/audit-log/entries";
import { actionLabel, actorFilterSchema, filterSearchParams, type AuditLogQuery } from "@/lib/audit-log/filters";
import { DateTime } from "@/components/ui/date-time";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { detailLabel, detailValue, targetTypeLabel } from "./audit-wording";

/**
 * An event's details: a flat JSON object written by lib/audit.ts (never a secret). A value
 * that is not such an object (written by an older version, say) is shown as it is stored.
 */
function Details({ details }: { details: string | null }) {
  if (!details) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    parsed = null; // not JSON: shown raw below
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    return <span className="font-mono text-xs">{details}</span>;
  return (
    <dl className="text-xs">
      {Object.entries(parsed as Record<string, unknown>).map(([key, value]) => (
        <div key={key} className="flex gap-1">
          <dt className="text-slate-500" title={key}>
            {detailLabel(key)}:
          </dt>
          <dd>{detailValue(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The actor, as a link that narrows the log to them (when the label is one the filter takes). */
function Actor({ label, query }: { label: string; query: AuditLogQuery }) {
  if (!actorFilterSchema.safeParse(label).success || query.filters.actor === label) return <>{label}</>;
  const href = `/audit?${filterSearchParams({ ...query.values, actor: label }).toString()}`;
  return (
    <Link href={href} className="text-indigo-700 hover:underline" title={`Show only events by ${label}`}>
      {label}
    </Link>
  );
}

/** The target: a credential still present links to its page (its history). */
function Target({ event, credentialPages }: { event: AuditRow; credentialPages: ReadonlySet<string> }) {
  const label = event.targetLabel ?? "";
  if (!event.targetId || !credentialPages.has(event.targetId) || label === "") return <>{label}</>;
  return (
    <Link href={`/credentials/${encodeURIComponent(event.targetId)}`} className="font-mono text-indigo-700 underline">
      {label}
    </Link>
  );
}

export function AuditEventTable({
  rows,
  query,
  credentialPages = new Set(),
}: {
  rows: AuditRow[];
  query: AuditLogQuery;
  /** Ids of the targeted credentials the account still holds (lib/audit-log/credential-filter.ts). */
  credentialPages?: ReadonlySet<string>;
}) {
  return (
    <div className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <ListTable>
        <caption className="sr-only">Audit events, newest first</caption>
        <ColumnHeads names={["Time (UTC)", "Actor", "Action", "Target", "Client address", "Details"]} />
        <tbody>
          {rows.map((event) => (
            <tr key={event.id} className="border-t border-slate-100 align-top">
              <td className="whitespace-nowrap px-3 py-2">
                <DateTime value={event.createdAt} seconds />
              </td>
              <td className="px-3 py-2">
                <Actor label={event.actorLabel} query={query} />
              </td>
              <td className="px-3 py-2" title={event.action}>
                {actionLabel(event.action)}
              </td>
              <td className="px-3 py-2">
                <Target event={event} credentialPages={credentialPages} />
                {event.targetType ? (
                  <span className="ml-1 text-xs text-slate-500" title={event.targetType}>
                    ({targetTypeLabel(event.targetType)})
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{event.ip ?? ""}</td>
              <td className="px-3 py-2">
                <Details details={event.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </ListTable>
    </div>
  );
}

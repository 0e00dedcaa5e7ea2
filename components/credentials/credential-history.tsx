import type { TimelineEntry } from "@/lib/audit-log/credential-history";
import { detailLabel, detailValue } from "@/components/audit/audit-wording";
import { DateTime } from "@/components/ui/date-time";

/** One entry's details, labelled as the Audit Log labels them. */
function Details({ details }: { details: Record<string, unknown> }) {
  return (
    <dl className="mt-1 text-xs text-slate-700">
      {Object.entries(details).map(([key, value]) => (
        <div key={key} className="flex flex-wrap gap-1">
          <dt className="text-slate-600" title={key}>
            {detailLabel(key)}:
          </dt>
          <dd>{detailValue(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A credential's timeline, newest first (lib/audit-log/credential-history.ts): what happened, when, who
 * did it and the details. An ordered list, so screen readers announce the count and position.
 */
export function CredentialHistory({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0)
    return <p className="px-4 py-3 text-sm text-slate-600">No events recorded for this credential.</p>;
  return (
    <ol className="divide-y divide-slate-100" data-testid="credential-history">
      {entries.map((entry) => (
        <li key={entry.id} className="grid gap-1 px-4 py-3 sm:grid-cols-3 sm:gap-4" data-kind={entry.kind}>
          <div className="text-sm whitespace-nowrap text-slate-700">
            <DateTime value={entry.at} seconds />
          </div>
          <div className="sm:col-span-2">
            <p className="text-sm font-medium" title={entry.kind}>
              {entry.label}
              {entry.actor ? <span className="font-normal text-slate-700"> by {entry.actor}</span> : null}
            </p>
            {entry.detail ? <p className="text-xs text-slate-700">{entry.detail}</p> : null}
            {entry.details ? <Details details={entry.details} /> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

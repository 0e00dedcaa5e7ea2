import { DateTime } from "@/components/ui/date-time";
import { daysLeftLabel } from "@/lib/credentials/expiry-days";

/**
 * When a credential expires, with the days left while it is usable ("3 days left", in amber
 * when it expires soon), and what replaced it ("Replaced by kw_pat_…9xQa").
 */
export function ExpiresCell({
  expiresAt,
  usable,
  expiringSoon,
  replacedBy,
  now,
}: {
  expiresAt: Date | null;
  usable: boolean;
  expiringSoon: boolean;
  replacedBy: { hint: string } | null;
  now: Date;
}) {
  return (
    <div>
      {expiresAt ? <DateTime value={expiresAt} /> : <span className="text-slate-600">Never</span>}
      {expiresAt && usable ? (
        <span className={expiringSoon ? "block text-xs font-medium text-amber-800" : "block text-xs text-slate-600"}>
          {daysLeftLabel(expiresAt, now)}
        </span>
      ) : null}
      {replacedBy ? (
        <span className="block text-xs text-slate-600">
          Replaced by <span className="font-mono">{replacedBy.hint}</span>
        </span>
      ) : null}
    </div>
  );
}

import { DateTime } from "@/components/ui/date-time";
import { daysLeftLabel } from "@/lib/credentials/expiry-days";
import { HintLink } from "./hint-link";

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
  linkReplacement = true,
}: {
  expiresAt: Date | null;
  usable: boolean;
  expiringSoon: boolean;
  replacedBy: { id: string; hint: string } | null;
  now: Date;
  /** Whether the viewer may open the replacement's page (lib/credentials/detail-access.ts). */
  linkReplacement?: boolean;
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
          Replaced by <HintLink id={replacedBy.id} hint={replacedBy.hint} linked={linkReplacement} />
        </span>
      ) : null}
    </div>
  );
}

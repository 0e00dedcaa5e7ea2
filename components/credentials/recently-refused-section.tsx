import Link from "next/link";
import { credentialPath } from "@/lib/credentials/detail-access";
import { RECENTLY_REFUSED_DAYS, type RecentlyRefused } from "@/lib/credentials/recently-refused";

/** The dashboard's "refused recently" list: integrations that are failing, each linking to its page. */
export function RecentlyRefusedSection({
  rows,
  title,
  showOwner,
}: {
  rows: RecentlyRefused[];
  title: string;
  showOwner: boolean;
}) {
  return (
    <section
      aria-labelledby="recently-refused"
      className={
        rows.length > 0
          ? "mt-6 rounded-lg border border-rose-300 bg-rose-50 p-4 text-rose-950"
          : "mt-6 rounded-lg border border-slate-200 bg-white p-4"
      }
    >
      <h2 id="recently-refused" className="font-medium">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">
          No request with {showOwner ? "a credential of the account" : "your credentials"} was refused in the last{" "}
          {RECENTLY_REFUSED_DAYS} days.
        </p>
      ) : (
        <ul className="mt-2 space-y-2 text-sm" data-testid="recently-refused">
          {rows.map((row) => (
            <li key={row.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <span>
                <strong>{row.name}</strong>{" "}
                <Link href={credentialPath(row.id)} className="font-mono text-indigo-700 underline">
                  {row.hint}
                </Link>{" "}
                <span className="text-rose-900">
                  ({row.kindLabel}
                  {showOwner && row.owner ? `, ${row.owner}` : ""})
                </span>
              </span>
              <span className="tabular-nums">
                {row.refused} refused {row.refused === 1 ? "request" : "requests"}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

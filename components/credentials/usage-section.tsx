// A credential's usage on its detail page: requests per day for 30 days (a server-rendered SVG
// chart, with the same numbers in a table for screen readers and anyone who wants them), the
// refusals by reason, and the last clients that presented it. Colours are Tailwind's
// scheme-relative ones (app/globals.css), so the chart follows dark mode.
import type { CredentialUsageSummary } from "@/lib/usage/read";
import { DateTime } from "@/components/ui/date-time";

const WIDTH = 600;
const HEIGHT = 160;
const AXIS = 24; // room under the bars for the first and last day's labels
const GAP = 2;

const dayLabel = (day: Date) => day.toISOString().slice(0, 10);

function UsageChart({ days }: { days: CredentialUsageSummary["days"] }) {
  const most = Math.max(1, ...days.map((day) => day.accepted + day.refused));
  const slot = WIDTH / days.length;
  const scale = (count: number) => (count / most) * (HEIGHT - AXIS - 4);
  const first = days[0];
  const last = days[days.length - 1];
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="h-40 w-full"
      role="img"
      aria-labelledby="usage-chart-title"
      data-testid="usage-chart"
    >
      <title id="usage-chart-title">
        Requests per day over the last {days.length} days, accepted and refused (the numbers are in the table below)
      </title>
      <line x1={0} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} className="stroke-slate-400" strokeWidth={1} />
      {days.map((day, index) => {
        const accepted = scale(day.accepted);
        const refused = scale(day.refused);
        const x = index * slot + GAP / 2;
        const base = HEIGHT - AXIS;
        return (
          <g key={day.day.toISOString()}>
            {day.accepted > 0 ? (
              <rect x={x} width={slot - GAP} y={base - accepted} height={accepted} className="fill-emerald-600" />
            ) : null}
            {day.refused > 0 ? (
              <rect x={x} width={slot - GAP} y={base - accepted - refused} height={refused} className="fill-red-600" />
            ) : null}
          </g>
        );
      })}
      {first && last ? (
        <>
          <text x={0} y={HEIGHT - 6} className="fill-slate-600 text-[11px]">
            {dayLabel(first.day)}
          </text>
          <text x={WIDTH} y={HEIGHT - 6} textAnchor="end" className="fill-slate-600 text-[11px]">
            {dayLabel(last.day)}
          </text>
        </>
      ) : null}
    </svg>
  );
}

function Legend() {
  return (
    <ul className="flex gap-4 text-sm text-slate-700" aria-hidden="true">
      <li className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 bg-emerald-600" /> Accepted
      </li>
      <li className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 bg-red-600" /> Refused
      </li>
    </ul>
  );
}

export function UsageSection({ summary }: { summary: CredentialUsageSummary }) {
  const cell = "px-3 py-1.5 text-left";
  return (
    <section aria-labelledby="credential-usage" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="credential-usage" className="text-lg font-semibold">
          Usage
        </h2>
        <p className="text-sm text-slate-600" data-testid="usage-totals">
          Last {summary.days.length} days: {summary.accepted} accepted, {summary.refused} refused
        </p>
      </div>
      <Legend />
      <UsageChart days={summary.days} />
      <details>
        <summary className="cursor-pointer text-sm text-indigo-700 underline">Requests per day (table)</summary>
        <table className="mt-2 text-sm" data-testid="usage-table">
          <caption className="sr-only">Requests per day, accepted and refused (UTC days)</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className={cell}>
                Day (UTC)
              </th>
              <th scope="col" className={cell}>
                Accepted
              </th>
              <th scope="col" className={cell}>
                Refused
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.days.map((day) => (
              <tr key={day.day.toISOString()} className="border-b border-slate-100">
                <th scope="row" className={`${cell} font-normal`}>
                  <time dateTime={dayLabel(day.day)}>{dayLabel(day.day)}</time>
                </th>
                <td className={cell}>{day.accepted}</td>
                <td className={cell}>{day.refused}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <h3 className="font-medium">Refused, by reason</h3>
          {summary.refusedByReason.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No refused requests in the last {summary.days.length} days.</p>
          ) : (
            <table className="mt-1 text-sm" data-testid="usage-reasons">
              <thead className="sr-only">
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Requests</th>
                </tr>
              </thead>
              <tbody>
                {summary.refusedByReason.map((row) => (
                  <tr key={row.reason}>
                    <th scope="row" className="py-0.5 pr-6 text-left font-normal">
                      {row.label}
                    </th>
                    <td className="py-0.5 text-right tabular-nums">{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3 className="font-medium">Recent clients</h3>
          {summary.clients.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No client has presented it yet.</p>
          ) : (
            <ul className="mt-1 space-y-2 text-sm" data-testid="usage-clients">
              {summary.clients.map((client) => (
                <li key={`${client.address} ${client.userAgent}`}>
                  <span className="font-mono">{client.address || "unknown address"}</span>
                  <span className="block break-all text-slate-600">{client.userAgent || "no user agent"}</span>
                  <span className="block text-slate-600">
                    last seen <DateTime value={client.lastSeenAt} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

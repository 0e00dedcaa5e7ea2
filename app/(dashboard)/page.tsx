import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/current-user";
import { ROLE_IN_SENTENCE } from "@/lib/access/roles";
import { db } from "@/lib/db";
import { countOrganizations } from "@/lib/organizations/count";
import { mayManageOrganizations } from "@/lib/organizations/reach";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit";
import { listAuditEvents } from "@/lib/audit-log/entries";
import { targetScreen } from "@/lib/audit-log/target-screen";
import { expiringForUser, expiringInAccount, type ExpiringCredential } from "@/lib/credentials/expiring";
import { daysLeftLabel, EXPIRING_SOON_DAYS } from "@/lib/credentials/expiry-days";
import { presentCredentialIds } from "@/lib/audit-log/credential-filter";
import { credentialPath } from "@/lib/credentials/detail-access";
import { DateTime } from "@/components/ui/date-time";
import { RecentlyRefusedSection } from "@/components/credentials/recently-refused-section";
import { recentlyRefused, RECENTLY_REFUSED_DAYS } from "@/lib/credentials/recently-refused";
import { HintLink } from "@/components/credentials/hint-link";

export const metadata: Metadata = { title: "Dashboard" };

const LATEST_EVENTS = 5;

/** A list of credentials expiring soon, each with its days left and, where the reader may, Create replacement. */
function ExpiringSection({
  id,
  title,
  empty,
  rows,
  now,
  mayReplace,
  mayOpen,
  showOwner,
}: {
  id: string;
  title: string;
  empty: string;
  rows: ExpiringCredential[];
  now: Date;
  mayReplace: (row: ExpiringCredential) => boolean;
  /** Whether the reader may open the credential's page (and its replacement's). */
  mayOpen: (row: ExpiringCredential) => boolean;
  showOwner: boolean;
}) {
  return (
    <section
      aria-labelledby={id}
      className={
        rows.length > 0
          ? "mt-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950"
          : "mt-6 rounded-lg border border-slate-200 bg-white p-4"
      }
    >
      <h2 id={id} className="font-medium">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-2 space-y-2 text-sm">
          {rows.map((row) => (
            <li key={row.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <span>
                <strong>{row.name}</strong> <HintLink id={row.id} hint={row.hint} linked={mayOpen(row)} />{" "}
                <span className="text-amber-900">
                  ({row.kindLabel}
                  {showOwner && row.owner ? `, ${row.owner}` : ""}) · {daysLeftLabel(row.expiresAt, now)}
                </span>
              </span>
              {row.replacedBy ? (
                <span>
                  Replaced by <HintLink id={row.replacedBy.id} hint={row.replacedBy.hint} linked={mayOpen(row)} />
                </span>
              ) : row.replacementPath && mayReplace(row) ? (
                <Link
                  href={row.replacementPath}
                  aria-label={`Create replacement for ${row.name}`}
                  className="font-medium text-indigo-700 underline"
                >
                  Create replacement
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default async function DashboardPage() {
  const user = await requireUser();
  const client = await db();
  const now = new Date();
  const isSuperAdmin = user.role === "super_admin";
  // A fresh network starts here: those who manage it are told it is empty and where to begin.
  const [noAdvertisers, mine, account, events, refused] = await Promise.all([
    mayManageOrganizations(user)
      ? countOrganizations(client, user, "advertiser").then((count) => count === 0)
      : Promise.resolve(false),
    expiringForUser(client, user.id, now),
    isSuperAdmin ? expiringInAccount(client, user.accountId, now) : Promise.resolve([]),
    isSuperAdmin ? listAuditEvents(client, user.accountId, {}, null, LATEST_EVENTS) : Promise.resolve(null),
    recentlyRefused(client, user, now),
  ]);
  const mineIds = new Set(mine.map((row) => row.id));
  const others = account.filter((row) => !mineIds.has(row.id));
  // Personal credentials are replaced by their owner; auth tokens and API keys by super admins.
  const mayReplace = (row: ExpiringCredential) => (row.kind === "pat" ? mineIds.has(row.id) : isSuperAdmin);
  // One's own credentials, and a super admin's whole account (lib/credentials/detail-access.ts).
  const mayOpen = (row: ExpiringCredential) => isSuperAdmin || mineIds.has(row.id);
  // The latest events' credential targets still present link to their pages.
  const credentialPages = events ? await presentCredentialIds(client, user.accountId, events.rows) : new Set<string>();
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
      <p className="mt-1 text-slate-600">You are signed in as {ROLE_IN_SENTENCE[user.role]}.</p>
      {noAdvertisers ? (
        <section
          aria-labelledby="no-advertisers"
          className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950"
        >
          <h2 id="no-advertisers" className="font-medium">
            Your network has no advertisers yet
          </h2>
          <p className="mt-1 text-sm">
            Advertisers (and publishers) are the network&apos;s own data: add the first one with the ID your network
            knows it by.
          </p>
          <Link
            href="/advertisers?create=1"
            className="mt-3 inline-block rounded bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800"
          >
            Create an advertiser
          </Link>
        </section>
      ) : null}
      <ExpiringSection
        id="expiring-mine"
        title="Your credentials expiring soon"
        empty={`None of your credentials expires within ${EXPIRING_SOON_DAYS} days.`}
        rows={mine}
        now={now}
        mayReplace={mayReplace}
        mayOpen={mayOpen}
        showOwner={false}
      />
      {isSuperAdmin ? (
        <ExpiringSection
          id="expiring-account"
          title="Expiring soon in your account"
          empty={`No other credential of the account expires within ${EXPIRING_SOON_DAYS} days.`}
          rows={others}
          now={now}
          mayReplace={mayReplace}
          mayOpen={mayOpen}
          showOwner
        />
      ) : null}
      <RecentlyRefusedSection
        rows={refused}
        title={`${isSuperAdmin ? "Refused" : "Your credentials refused"} in the last ${RECENTLY_REFUSED_DAYS} days`}
        showOwner={isSuperAdmin}
      />
      {events ? (
        <section aria-labelledby="latest-events" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
          <div className="flex items-baseline justify-between gap-4">
            <h2 id="latest-events" className="font-medium">
              Latest audit events
            </h2>
            <Link href="/audit" className="text-sm text-indigo-700 underline">
              Audit log
            </Link>
          </div>
          {events.rows.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">Nothing has happened yet.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {events.rows.map((event) => (
                <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2">
                  <Link
                    href={
                      event.targetId && credentialPages.has(event.targetId)
                        ? credentialPath(event.targetId)
                        : targetScreen(event.targetType, event.action)
                    }
                    className="text-indigo-700 underline"
                  >
                    {AUDIT_ACTIONS[event.action as AuditAction] ?? event.action}
                    {event.targetLabel ? ` · ${event.targetLabel}` : ""}
                  </Link>
                  <span className="text-slate-600">
                    {event.actorLabel} · <DateTime value={event.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <ul className="mt-6 grid gap-4 sm:grid-cols-2">
        <li className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-medium">Your API credentials</h2>
          <p className="mt-1 text-sm text-slate-600">Create and revoke the credentials your integrations use.</p>
          <Link href="/integrations" className="mt-2 inline-block text-sm text-indigo-700 underline">
            Manage Integrations
          </Link>
        </li>
        {user.role === "super_admin" ? (
          <li className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-medium">Users</h2>
            <p className="mt-1 text-sm text-slate-600">Roles, statuses and API users.</p>
            <Link href="/users" className="mt-2 inline-block text-sm text-indigo-700 underline">
              Manage Users
            </Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

// One credential's own page: what it is, and (in the sections below the summary) its controls,
// its usage and its history. Super admins open any credential of their account; any other user
// only their own. Anything else is as unknown as a made-up id.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/current-user";
import { getAccountCredential } from "@/lib/credentials/all-credentials";
import { mayOpenCredential } from "@/lib/credentials/detail-access";
import { credentialHistory, refusedUseEntries } from "@/lib/audit-log/credential-history";
import { db } from "@/lib/db";
import { CredentialHistory } from "@/components/credentials/credential-history";
import { CredentialStatus } from "@/components/credentials/credential-status";
import { ExpiresCell } from "@/components/credentials/expires-cell";
import { DateTime } from "@/components/ui/date-time";
import { UsageSection } from "@/components/credentials/usage-section";
import { credentialUsageSummary, DAY_MS, refusedUsesByHour, USAGE_DAYS_SHOWN } from "@/lib/usage/read";
import { readCredentialRateLimit } from "@/lib/credential-controls/rate-limit-settings";
import { RateLimitSection } from "./rate-limit-section";
import { kindTakesAllowlist } from "@/lib/credential-controls/allowlist-settings";
import { CredentialAllowlistSection } from "./allowlist-section";

export const metadata: Metadata = { title: "Credential" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 px-4 py-2">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="col-span-2 text-sm" data-testid={`credential-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`}>
        {children}
      </dd>
    </div>
  );
}

export default async function CredentialPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireUser();
  const { id } = await params;
  const now = new Date();
  const database = await db();
  const credential = await getAccountCredential(database, viewer.accountId, id, now);
  const superAdmin = viewer.role === "super_admin";
  if (!credential || !mayOpenCredential(viewer, credential.ownerId)) notFound();
  const [usage, rateLimit, refusedHours] = await Promise.all([
    credentialUsageSummary(database, credential.id, now),
    // Read for super admins only: only they see (and may change) a credential's rate limit.
    superAdmin ? readCredentialRateLimit(database, viewer.accountId, credential.id) : null,
    refusedUsesByHour(database, credential.id, {
      since: new Date(now.getTime() - USAGE_DAYS_SHOWN * DAY_MS),
      until: now,
    }),
  ]);
  const history = await credentialHistory(database, viewer.accountId, credential, refusedUseEntries(refusedHours, now));

  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          {superAdmin ? (
            <Link href="/credentials" className="text-indigo-700 underline">
              Credentials
            </Link>
          ) : (
            "Credential"
          )}
        </p>
        <h1 className="text-2xl font-semibold">{credential.name}</h1>
        <p className="mt-1 font-mono text-sm text-slate-600">{credential.hint}</p>
      </div>
      <section aria-labelledby="credential-summary" className="rounded-lg border border-slate-200 bg-white">
        <h2 id="credential-summary" className="sr-only">
          Summary
        </h2>
        <dl className="divide-y divide-slate-100">
          <Row label="Kind">{credential.kindLabel}</Row>
          <Row label="Owner">
            {credential.owner === null ? (
              "—"
            ) : superAdmin && credential.ownerId ? (
              <Link href={`/users/${credential.ownerId}`} className="text-indigo-700 underline">
                {credential.owner}
              </Link>
            ) : (
              credential.owner
            )}
          </Row>
          {credential.oauthApp ? <Row label="OAuth app">{credential.oauthApp}</Row> : null}
          <Row label="Scopes">{credential.scopes ?? "The owner's privileges"}</Row>
          <Row label="Created">
            <DateTime value={credential.createdAt} />
          </Row>
          <Row label="First used">
            <DateTime value={credential.firstUsedAt} />
          </Row>
          <Row label="Last used">
            <DateTime value={credential.lastUsedAt} />
          </Row>
          <Row label="Expires">
            <ExpiresCell
              expiresAt={credential.expiresAt}
              usable={credential.state === "active" || credential.graceEndsAt !== null}
              expiringSoon={credential.expiringSoon}
              replacedBy={credential.replacedBy}
              now={now}
              // A personal credential's replacement is its owner's too; other kinds' are a super admin's to open.
              linkReplacement={superAdmin || credential.kind === "pat"}
            />
          </Row>
          <Row label="Status">
            <CredentialStatus state={credential.state} graceEndsAt={credential.graceEndsAt} />
          </Row>
        </dl>
      </section>
      {rateLimit ? <RateLimitSection credentialId={credential.id} view={rateLimit} /> : null}
      {superAdmin && kindTakesAllowlist(credential.kind) ? (
        <CredentialAllowlistSection
          accountId={viewer.accountId}
          credentialId={credential.id}
          oauthApp={credential.oauthApp}
        />
      ) : null}
      <UsageSection summary={usage} />
      <section aria-labelledby="credential-history-heading" className="rounded-lg border border-slate-200 bg-white">
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <h2 id="credential-history-heading" className="text-lg font-semibold">
            History
          </h2>
          {/* The Audit Log is a super admin's page; others see their own credential's history here only. */}
          {superAdmin ? (
            <Link
              href={`/audit?credential=${encodeURIComponent(credential.id)}`}
              className="text-sm text-indigo-700 underline"
            >
              All audit events of this credential
            </Link>
          ) : null}
        </div>
        <CredentialHistory entries={history} />
      </section>
    </div>
  );
}

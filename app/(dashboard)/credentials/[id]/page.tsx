// One credential's own page: what it is, and (in the sections below the summary) its controls,
// its usage and its history. Super admins open any credential of their account; any other user
// only their own. Anything else is as unknown as a made-up id.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/current-user";
import { getAccountCredential } from "@/lib/credentials/all-credentials";
import { db } from "@/lib/db";
import { CredentialStatus } from "@/components/credentials/credential-status";
import { ExpiresCell } from "@/components/credentials/expires-cell";
import { DateTime } from "@/components/ui/date-time";
import { kindTakesAllowlist } from "@/lib/allowlists/allowlist-settings";
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
  const credential = await getAccountCredential(await db(), viewer.accountId, id, now);
  const superAdmin = viewer.role === "super_admin";
  if (!credential || (!superAdmin && credential.ownerId !== viewer.id)) notFound();

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
            />
          </Row>
          <Row label="Status">
            <CredentialStatus state={credential.state} graceEndsAt={credential.graceEndsAt} />
          </Row>
        </dl>
      </section>
      {superAdmin && kindTakesAllowlist(credential.kind) ? (
        <CredentialAllowlistSection
          accountId={viewer.accountId}
          credentialId={credential.id}
          oauthApp={credential.oauthApp}
        />
      ) : null}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/current-user";
import { listPersonalCredentials } from "@/lib/credentials/personal-credentials";
import { db } from "@/lib/db";
import { parsePage } from "@/lib/pagination";
import { CredentialStatus } from "@/components/credentials/credential-status";
import { DateTime } from "@/components/ui/date-time";
import { PaginationNav } from "@/components/ui/pagination-nav";
import { RevokeButton } from "./revoke-button";
import { NarrowingNote } from "@/components/credentials/narrowing-note";
import { ExpiresCell } from "@/components/credentials/expires-cell";
import { ExpiringFilter } from "@/components/credentials/expiring-filter";
import { EXPIRING_PARAM, EXPIRING_SOON, isExpiringSoonFilter } from "@/lib/credentials/expiring";
import { ReplaceLink } from "../../credentials/replace-link";
import { ReplacementSlot } from "../../credentials/replacement-slot";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { HintLink } from "@/components/credentials/hint-link";

export const metadata: Metadata = { title: "Invoca APIs" };

const LIST_PATH = "/integrations/invoca-apis";

export default async function InvocaApisPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const expiringSoon = isExpiringSoonFilter(params[EXPIRING_PARAM]);
  const now = new Date();
  // Only the signed-in user's own credentials: the owner is in the query, not a filter.
  const page = await listPersonalCredentials(await db(), user.id, parsePage(params.page), undefined, now, {
    expiringSoon,
  });
  return (
    <div className="max-w-5xl">
      <p className="text-sm">
        <Link href="/integrations" className="text-indigo-700 underline">
          Integrations
        </Link>
      </p>
      {/* The seed: "Go to the upper-right corner and click on the + New API Credential option".
          The button shares the title's row, at its right end; the description goes below both. */}
      <div className="mt-1 flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Invoca APIs</h1>
        <Link
          href="/integrations/invoca-apis/new"
          className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800"
        >
          + New API Credential
        </Link>
      </div>
      <p className="mt-1 text-slate-600">
        Your API credentials. Each one acts as you, with your privileges; make your own, never one for someone else.
      </p>
      <div className="mt-4 space-y-3">
        <ReplacementSlot user={user} replace={params.replace} listPath={LIST_PATH} />
        <ExpiringFilter basePath={LIST_PATH} active={expiringSoon} />
      </div>
      {page.total === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {expiringSoon ? "None of your API credentials expires within 7 days." : "You have no API credentials yet."}
        </p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <ListTable label="API credentials">
            <ColumnHeads names={["Description", "Token", "Created", "Expires", "Last used", "Status"]} actions />
            <tbody>
              {page.rows.map((credential) => {
                return (
                  <tr key={credential.id} className="border-t border-slate-100">
                    <td className="px-3 py-2">
                      {credential.name}
                      <NarrowingNote permissions={credential.permissions} />
                    </td>
                    <td className="px-3 py-2">
                      {/* Only the viewer's own credentials are listed here: each page is theirs to open. */}
                      <HintLink id={credential.id} hint={credential.hint} />
                    </td>
                    <td className="px-3 py-2">
                      <DateTime value={credential.createdAt} />
                    </td>
                    <td className="px-3 py-2">
                      <ExpiresCell
                        expiresAt={credential.expiresAt}
                        usable={credential.state === "active"}
                        expiringSoon={credential.expiringSoon}
                        replacedBy={credential.replacedBy}
                        now={now}
                      />
                    </td>
                    <td className="px-3 py-2">
                      <DateTime value={credential.lastUsedAt} />
                    </td>
                    <td className="px-3 py-2">
                      <CredentialStatus state={credential.state} />
                    </td>
                    <td className="space-x-3 px-3 py-2 text-right whitespace-nowrap">
                      {credential.expiringSoon && !credential.replacedBy ? (
                        <ReplaceLink kind="pat" id={credential.id} name={credential.name} />
                      ) : null}
                      {credential.actions.includes("revoke") ? (
                        <RevokeButton
                          credentialId={credential.id}
                          description={credential.name}
                          hint={credential.hint}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </ListTable>
        </div>
      )}
      <PaginationNav
        basePath={LIST_PATH}
        {...page}
        query={{ [EXPIRING_PARAM]: expiringSoon ? EXPIRING_SOON : undefined }}
      />
    </div>
  );
}

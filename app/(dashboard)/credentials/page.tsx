import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/current-user";
import {
  CREDENTIAL_STATES,
  credentialFiltersSchema,
  listAccountCredentials,
  listedKinds,
  REFUSED_MOST_DAYS,
} from "@/lib/credentials/all-credentials";
import { STATE_LABELS } from "@/lib/credentials/lifecycle";
import { db } from "@/lib/db";
import { getUserProfile } from "@/lib/users/get-user-profile";
import Link from "next/link";
import { parsePage } from "@/lib/pagination";
import { CredentialStatus } from "@/components/credentials/credential-status";
import { DateTime } from "@/components/ui/date-time";
import { PaginationNav } from "@/components/ui/pagination-nav";
import { RevokeCredentialButton } from "./revoke-credential-button";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { ExpiresCell } from "@/components/credentials/expires-cell";
import { EXPIRING_SOON_DAYS } from "@/lib/credentials/expiry-days";
import { ReplaceLink } from "./replace-link";
import { CredentialSearchForm } from "./search-form";
import { bulkRefusal } from "@/lib/credentials/bulk-change";
import { UNUSED_DAYS } from "@/lib/credentials/unused";
import { BulkBar, type BulkRow } from "./bulk-bar";
import { BulkCheckbox } from "./bulk-checkbox";

export const metadata: Metadata = { title: "Credentials" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function CredentialsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireRole("super_admin");
  const params = await searchParams;
  // Odd values are ignored (the schema's .catch), as an unknown page number is page 1.
  const filters = credentialFiltersSchema.parse({
    kind: first(params.kind),
    state: first(params.state),
    expiring: first(params.expiring),
    user: first(params.user),
    q: first(params.q),
    refused: first(params.refused),
    unused: first(params.unused),
  });
  const now = new Date();
  const list = await listAccountCredentials(
    await db(),
    admin.accountId,
    filters,
    parsePage(params.page),
    undefined,
    now,
  );
  // Linked from a user's profile; a user of another account is as unknown as a made-up id.
  // What the bulk confirmation says of each row of this page (the server checks again on confirming).
  const bulkRows: BulkRow[] = list.rows.map((row) => ({
    id: row.id,
    hint: row.hint,
    kindLabel: row.kindLabel,
    refusals: {
      deactivate: bulkRefusal(row.kind, "deactivate", row.state),
      revoke: bulkRefusal(row.kind, "revoke", row.state),
    },
  }));
  const filteredUser = filters.user ? await getUserProfile(await db(), admin.accountId, filters.user) : null;

  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <p className="text-sm text-slate-600">Administration</p>
        <h1 className="text-2xl font-semibold">Credentials</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Every credential of this account, of every kind, by its hint: the secrets themselves are stored only as keyed
          hashes. Revoke stops one at once. Auth tokens are deactivated or deleted under API Access; the account API key
          never changes.
        </p>
      </div>
      {filters.user ? (
        <p className="text-sm" data-testid="credentials-user-filter">
          Only the credentials of{" "}
          {filteredUser ? (
            <Link href={`/users/${filteredUser.id}`} className="text-indigo-700 underline">
              {filteredUser.email}
            </Link>
          ) : (
            "an unknown user"
          )}
          .{" "}
          <Link href="/credentials" className="text-indigo-700 underline">
            Show every user&apos;s
          </Link>
        </p>
      ) : null}
      <CredentialSearchForm current={filters.q} />
      {filters.q ? (
        <p className="text-sm" data-testid="credentials-search-filter">
          Only the credentials whose name, hint or owner contains &ldquo;{filters.q}&rdquo;.{" "}
          <Link href="/credentials" className="text-indigo-700 underline">
            Clear the search
          </Link>
        </p>
      ) : null}
      <form
        method="get"
        action="/credentials"
        aria-label="Filter the credentials"
        className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4"
      >
        {filters.user ? <input type="hidden" name="user" value={filters.user} /> : null}
        {filters.q ? <input type="hidden" name="q" value={filters.q} /> : null}
        <div>
          <label htmlFor="credentials-kind" className="block text-sm font-medium">
            Kind
          </label>
          <select
            id="credentials-kind"
            name="kind"
            defaultValue={filters.kind ?? ""}
            className="mt-1 rounded border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">All kinds</option>
            {listedKinds().map((kind) => (
              <option key={kind.code} value={kind.code}>
                {kind.label} (kw_{kind.code}_)
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="credentials-state" className="block text-sm font-medium">
            Status
          </label>
          <select
            id="credentials-state"
            name="state"
            defaultValue={filters.state ?? ""}
            className="mt-1 rounded border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Any status</option>
            {CREDENTIAL_STATES.map((state) => (
              <option key={state} value={state}>
                {STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="credentials-unused" className="block text-sm font-medium">
            Unused for
          </label>
          <select
            id="credentials-unused"
            name="unused"
            defaultValue={filters.unused !== undefined ? String(filters.unused) : ""}
            aria-describedby="credentials-unused-help"
            className="mt-1 rounded border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Any last use</option>
            {UNUSED_DAYS.map((days) => (
              <option key={days} value={days}>
                {days} days or more
              </option>
            ))}
          </select>
          <span id="credentials-unused-help" className="sr-only">
            Never used, or last used more than this many days ago
          </span>
        </div>
        <div className="flex items-center gap-2 py-2">
          <input
            id="credentials-expiring"
            name="expiring"
            type="checkbox"
            value="soon"
            defaultChecked={filters.expiring !== undefined}
            aria-describedby="credentials-expiring-help"
          />
          <label htmlFor="credentials-expiring" className="text-sm font-medium">
            Expiring soon
          </label>
          <span id="credentials-expiring-help" className="text-xs text-slate-600">
            usable, expiring within {EXPIRING_SOON_DAYS} days
          </span>
        </div>
        <div>
          <label htmlFor="credentials-refused" className="block text-sm font-medium">
            Refused most
          </label>
          <select
            id="credentials-refused"
            name="refused"
            defaultValue={filters.refused ?? ""}
            className="mt-1 rounded border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Newest first</option>
            {REFUSED_MOST_DAYS.map((days) => (
              <option key={days} value={days}>
                Refused most, last {days} days
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800"
        >
          Apply
        </button>
      </form>
      {list.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No credentials match.
        </p>
      ) : (
        <BulkBar rows={bulkRows} />
      )}
      {list.total === 0 ? null : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <ListTable label="Credentials">
            <ColumnHeads
              names={[
                "Select",
                "Kind",
                "Name",
                "Credential",
                "Owner",
                "Created",
                "Last used",
                "Expires",
                "Status",
                ...(filters.refused ? [`Refused (${filters.refused} days)`] : []),
              ]}
              actions
            />
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">
                    <BulkCheckbox id={row.id} hint={row.hint} />
                  </td>
                  <td className="px-3 py-2">{row.kindLabel}</td>
                  <td className="px-3 py-2">
                    {row.name}
                    {row.oauthApp && row.oauthApp !== row.name ? (
                      <span className="block text-xs text-slate-600">OAuth app {row.oauthApp}</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 font-mono">
                    <Link href={`/credentials/${row.id}`} className="text-indigo-700 underline">
                      {row.hint}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{row.owner ?? "—"}</td>
                  <td className="px-3 py-2">
                    <DateTime value={row.createdAt} />
                  </td>
                  <td className="px-3 py-2">
                    <DateTime value={row.lastUsedAt} />
                  </td>
                  <td className="px-3 py-2">
                    <ExpiresCell
                      expiresAt={row.expiresAt}
                      usable={row.state === "active" || row.graceEndsAt !== null}
                      expiringSoon={row.expiringSoon}
                      replacedBy={row.replacedBy}
                      now={now}
                    />
                  </td>
                  <td className="px-3 py-2">
                    <CredentialStatus state={row.state} graceEndsAt={row.graceEndsAt} />
                  </td>
                  {filters.refused ? (
                    <td className="px-3 py-2 tabular-nums" data-testid="credential-refused-count">
                      {row.refused ?? 0}
                    </td>
                  ) : null}
                  <td className="space-x-3 px-3 py-2 text-right whitespace-nowrap">
                    {/* A personal credential is replaced by its owner only, on their own Invoca APIs page. */}
                    {row.expiringSoon && !row.replacedBy && (row.kind !== "pat" || row.owner === admin.email) ? (
                      <ReplaceLink kind={row.kind} id={row.id} name={row.name} />
                    ) : null}
                    {row.actions.includes("revoke") ? (
                      <RevokeCredentialButton
                        credentialId={row.id}
                        kindLabel={row.kindLabel}
                        name={row.name}
                        hint={row.hint}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </ListTable>
        </div>
      )}
      <PaginationNav
        basePath="/credentials"
        {...list}
        query={{
          kind: filters.kind,
          state: filters.state,
          expiring: filters.expiring,
          user: filters.user,
          q: filters.q,
          refused: filters.refused,
          unused: filters.unused !== undefined ? String(filters.unused) : undefined,
        }}
      />
    </div>
  );
}

import Link from "next/link";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit";
import type { FilteredCredential } from "@/lib/audit-log/credential-filter";
import { filterSearchParams, type AuditFilterField, type AuditLogQuery } from "@/lib/audit-log/filters";
import { describedBy, errorId, FieldError } from "@/components/forms/form-controls";

// The action list, grouped by what the action is about (the key's prefix in lib/audit.ts).
const GROUP_LABELS: Record<string, string> = {
  auth: "Sign-in",
  user: "Users",
  credential: "Credentials",
  account: "Account",
  oauth: "OAuth",
  settings: "Settings",
};

function actionGroups(): { label: string; actions: [AuditAction, string][] }[] {
  const groups = new Map<string, [AuditAction, string][]>();
  for (const [action, label] of Object.entries(AUDIT_ACTIONS) as [AuditAction, string][]) {
    const group = GROUP_LABELS[action.split(".")[0] ?? ""] ?? "Other";
    groups.set(group, [...(groups.get(group) ?? []), [action, label]]);
  }
  return [...groups].map(([label, actions]) => ({ label, actions }));
}

const inputClass = "mt-1 w-full rounded border px-3 py-2 text-sm";

function fieldClass(invalid: boolean): string {
  return `${inputClass} ${invalid ? "border-red-500 bg-red-50" : "border-slate-300 bg-white"}`;
}

/** aria-describedby of a filter field: its hint (if it has one) and its error (when refused). */
function describedByFor(field: AuditFilterField, error: string | undefined, hint = false): string | undefined {
  return describedBy(hint && `audit-${field}-hint`, error && errorId("audit", field));
}

function FilterError({ field, error }: { field: AuditFilterField; error: string | undefined }) {
  return <FieldError id={errorId("audit", field)} messages={error ? [error] : undefined} />;
}

/** A From or To day: an <input type="date"> with its hint and its error. */
function DayField(props: {
  field: "from" | "to";
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
}) {
  const { field, label, hint, value, error } = props;
  return (
    <div>
      <label htmlFor={`audit-${field}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`audit-${field}`}
        name={field}
        type="date"
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByFor(field, error, true)}
        className={fieldClass(Boolean(error))}
      />
      <p id={`audit-${field}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
      <FilterError field={field} error={error} />
    </div>
  );
}

/**
 * The credential filter (?credential=, linked from a credential's page): a chip naming it, with
 * a link that drops it and keeps the other filters. A hidden field keeps it when the form is applied.
 */
function CredentialChip(props: {
  query: AuditLogQuery;
  credential: FilteredCredential | null;
  error: string | undefined;
}) {
  const { query, credential, error } = props;
  const id = query.values.credential.trim();
  const without = filterSearchParams({ ...query.values, credential: "" }).toString();
  const name = credential?.name ?? null;
  const hint = credential?.hint ?? null;
  return (
    <div className="mb-4" data-testid="audit-credential-filter">
      {error ? null : <input type="hidden" name="credential" value={id} />}
      <p className="inline-flex flex-wrap items-center gap-2 rounded-full border border-indigo-300 bg-indigo-50 px-3 py-1 text-sm text-indigo-900">
        <span>
          Credential:{" "}
          {credential?.exists ? (
            <Link href={`/credentials/${encodeURIComponent(id)}`} className="font-medium underline">
              {name}
            </Link>
          ) : (
            <span className="font-medium">{credential ? "deleted credential" : "unknown credential"}</span>
          )}
          {hint ? <span className="ml-1 font-mono">{hint}</span> : null}
        </span>
        <Link
          href={without ? `/audit?${without}` : "/audit"}
          className="rounded px-1 font-medium underline"
          aria-label={`Remove the credential filter${hint ? ` (${hint})` : ""}`}
        >
          Remove ×
        </Link>
      </p>
      <FilterError field="credential" error={error} />
    </div>
  );
}

/**
 * The filters are a plain GET form: applying them is a navigation to a URL that can be
 * bookmarked and shared, and works without JavaScript. The server parses and checks it
 * (lib/audit-log/filters.ts); each refusal is shown under its field.
 */
export function AuditLogFilters({
  query,
  credential = null,
}: {
  query: AuditLogQuery;
  /** The credential of ?credential=, when it names one this account has (had). */
  credential?: FilteredCredential | null;
}) {
  const { values, errors } = query;
  return (
    <form
      method="get"
      action="/audit"
      aria-label="Filter the audit log"
      className="mt-6 rounded-lg border border-slate-200 bg-white p-4"
    >
      {values.credential.trim() !== "" ? (
        <CredentialChip query={query} credential={credential} error={errors.credential} />
      ) : null}
      <div className="grid gap-4 md:grid-cols-4">
        <div>
          <label htmlFor="audit-actor" className="block text-sm font-medium">
            Actor
          </label>
          <input
            id="audit-actor"
            name="actor"
            type="text"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.actor}
            placeholder="name@example.com"
            aria-invalid={errors.actor ? true : undefined}
            aria-describedby={describedByFor("actor", errors.actor, true)}
            className={fieldClass(Boolean(errors.actor))}
          />
          <p id="audit-actor-hint" className="mt-1 text-xs text-slate-500">
            Full email address, or &quot;system&quot;.
          </p>
          <FilterError field="actor" error={errors.actor} />
        </div>
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium">
            Action
          </label>
          <select
            id="audit-action"
            name="action"
            defaultValue={errors.action ? "" : values.action}
            aria-invalid={errors.action ? true : undefined}
            aria-describedby={describedByFor("action", errors.action)}
            className={fieldClass(Boolean(errors.action))}
          >
            <option value="">All actions</option>
            {actionGroups().map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.actions.map(([action, label]) => (
                  <option key={action} value={action}>
                    {label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FilterError field="action" error={errors.action} />
        </div>
        <DayField
          field="from"
          label="From (UTC)"
          hint="From 00:00 UTC of this day."
          value={errors.from ? "" : values.from}
          error={errors.from}
        />
        <DayField
          field="to"
          label="To (UTC)"
          hint="Up to the end of this day (UTC), included."
          value={errors.to && !/^\d{4}-\d{2}-\d{2}$/.test(values.to) ? "" : values.to}
          error={errors.to}
        />
      </div>
      <div className="mt-4 flex items-center gap-4">
        <button
          type="submit"
          className="rounded bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800"
        >
          Apply filters
        </button>
        <Link href="/audit" className="text-sm text-indigo-700 underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}

"use client";

// The optional Permissions section of New API Credential and Create Auth Token: left off, the
// credential has its owner's privileges; switched on, a level per resource type (only the
// levels the owner's role has) and, for advertisers and publishers, all the owner reaches or
// only chosen ones. The server checks all of it again (lib/credentials/narrowing.ts).
import { useId, useState } from "react";
import {
  ACCESS_LEVEL_LABELS,
  chosenField,
  levelField,
  levelsOffered,
  NARROW_FIELD,
  ownerLevel,
  reachField,
  RESOURCE_LABELS,
  RESOURCE_TYPES,
  type AccessLevel,
  type GrantKind,
  type NarrowingErrorField,
  type ResourceType,
} from "@/lib/access/narrowing";
import { describedBy, FieldError, inputClass, labelClass } from "@/components/forms/form-controls";

export interface GrantableOrganization {
  id: string;
  label: string;
}

const KINDS: { kind: GrantKind; resource: ResourceType; errorField: NarrowingErrorField }[] = [
  { kind: "advertiser", resource: "advertisers", errorField: "chosenAdvertisers" },
  { kind: "publisher", resource: "publishers", errorField: "chosenPublishers" },
];

export function PermissionsFieldset({
  role,
  ownerLabel,
  organizations,
  errors,
}: {
  /** The owner's role: what the credential may be given at most. */
  role: string;
  /** Whose privileges are narrowed, as the sentence says it ("your", "the API user's"). */
  ownerLabel: string;
  /** The owner's reachable, non-archived organizations. */
  organizations: Record<GrantKind, GrantableOrganization[]>;
  errors?: Partial<Record<NarrowingErrorField, string[]>>;
}) {
  const id = useId();
  const [narrow, setNarrow] = useState(false);
  const [levels, setLevels] = useState<Record<ResourceType, AccessLevel>>(
    () =>
      Object.fromEntries(RESOURCE_TYPES.map((resource) => [resource, ownerLevel(role, resource)])) as Record<
        ResourceType,
        AccessLevel
      >,
  );
  const [reach, setReach] = useState<Record<GrantKind, "all" | "chosen">>({ advertiser: "all", publisher: "all" });
  const [chosen, setChosen] = useState<Record<GrantKind, string[]>>({ advertiser: [], publisher: [] });
  const permissionsError = `${id}-permissions-error`;

  return (
    <fieldset className="rounded border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium">Permissions (optional)</legend>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name={NARROW_FIELD}
          value="on"
          checked={narrow}
          onChange={(event) => setNarrow(event.target.checked)}
          className="mt-1"
        />
        <span>Narrow it below {ownerLabel} privileges (left off, it has all of them)</span>
      </label>
      <FieldError id={permissionsError} messages={errors?.permissions} />
      {narrow ? (
        <div className="mt-3 space-y-3">
          {RESOURCE_TYPES.map((resource) => {
            const offered = levelsOffered(role, resource);
            const fieldId = `${id}-${resource}`;
            // Nothing to choose: the role has no access to this resource type at all.
            if (offered.length <= 1)
              return <input key={resource} type="hidden" name={levelField(resource)} value="none" />;
            return (
              <div key={resource}>
                <label htmlFor={fieldId} className={labelClass}>
                  {RESOURCE_LABELS[resource]}
                </label>
                <select
                  id={fieldId}
                  name={levelField(resource)}
                  value={levels[resource]}
                  onChange={(event) =>
                    setLevels((current) => ({ ...current, [resource]: event.target.value as AccessLevel }))
                  }
                  aria-describedby={describedBy(errors?.permissions && permissionsError)}
                  className={inputClass}
                >
                  {offered.map((level) => (
                    <option key={level} value={level}>
                      {ACCESS_LEVEL_LABELS[level]}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
          {KINDS.filter(({ resource }) => levels[resource] !== "none").map(({ kind, resource, errorField }) => {
            const many = RESOURCE_LABELS[resource].toLowerCase();
            const errorId = `${id}-${kind}-chosen-error`;
            const listId = `${id}-${kind}-chosen`;
            return (
              <fieldset key={kind}>
                <legend className={labelClass}>Which {many}</legend>
                <label className="mt-1 flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={reachField(kind)}
                    value="all"
                    checked={reach[kind] === "all"}
                    onChange={() => setReach((current) => ({ ...current, [kind]: "all" }))}
                  />
                  All {many} {ownerLabel === "your" ? "I" : "they"} can reach
                </label>
                <label className="mt-1 flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={reachField(kind)}
                    value="chosen"
                    checked={reach[kind] === "chosen"}
                    onChange={() => setReach((current) => ({ ...current, [kind]: "chosen" }))}
                  />
                  Only these
                </label>
                {reach[kind] === "chosen" ? (
                  <>
                    <label htmlFor={listId} className="sr-only">
                      Chosen {many}
                    </label>
                    <select
                      id={listId}
                      name={chosenField(kind)}
                      multiple
                      size={Math.min(6, Math.max(2, organizations[kind].length))}
                      value={chosen[kind]}
                      onChange={(event) =>
                        setChosen((current) => ({
                          ...current,
                          [kind]: Array.from(event.target.selectedOptions, (option) => option.value),
                        }))
                      }
                      aria-invalid={errors?.[errorField] ? true : undefined}
                      aria-describedby={describedBy(errors?.[errorField] && errorId)}
                      className={inputClass}
                    >
                      {organizations[kind].map((organization) => (
                        <option key={organization.id} value={organization.id}>
                          {organization.label}
                        </option>
                      ))}
                    </select>
                  </>
                ) : null}
                <FieldError id={errorId} messages={errors?.[errorField]} />
              </fieldset>
            );
          })}
        </div>
      ) : null}
    </fieldset>
  );
}

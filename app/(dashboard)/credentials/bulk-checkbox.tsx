// A row's checkbox for bulk Deactivate / Revoke: a plain input of the bulk form (bulk-bar.tsx),
// so it needs no JavaScript of its own and the table stays a server component.

/** The id of the form the row checkboxes belong to. */
export const BULK_FORM = "credentials-bulk";

export function BulkCheckbox({ id, hint }: { id: string; hint: string }) {
  return (
    <input type="checkbox" form={BULK_FORM} name="ids" value={id} aria-label={`Select ${hint}`} className="h-4 w-4" />
  );
}

/**
 * A list table's header row: one column head per name, in order, and (with `actions`) a last
 * column for the row's buttons, named for screen readers only and pinned to the right edge, so
 * a row's actions stay on screen however wide the table is.
 */
export function ColumnHeads({ names, actions = false }: { names: readonly string[]; actions?: boolean }) {
  return (
    <thead className="bg-slate-50 text-slate-600">
      <tr>
        {names.map((name) => (
          <th key={name} scope="col" className="px-3 py-2">
            {name}
          </th>
        ))}
        {actions ? (
          // The marker pins this column to the table's right edge (app/globals.css).
          <th scope="col" className="px-3 py-2" data-actions-column>
            <span className="sr-only">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}

// A list table whose body cells carry their column's name, so that under 768 px (app/globals.css)
// each row reads as a card of "name  value" lines, its Status and its buttons included, with no
// sideways scrolling; at desktop widths it is the plain table it always was. The names come from
// the table's ColumnHeads, so a page cannot forget one. It stays a table to assistive tech: only
// the layout changes, and the visible names are hidden from screen readers (they announce the
// column heads themselves).
import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { ColumnHeads } from "./column-heads";

type ColumnHeadsElement = ReactElement<Parameters<typeof ColumnHeads>[0]>;
type ParentElement = ReactElement<{ children?: ReactNode }>;
type CellElement = ReactElement<{ colSpan?: number; "data-label"?: string }>;

function isColumnHeads(node: ReactNode): node is ColumnHeadsElement {
  return isValidElement(node) && node.type === ColumnHeads;
}

function isElementOf(node: ReactNode, type: string): node is ParentElement {
  return isValidElement(node) && node.type === type;
}

/** A row with each cell named after its column (a cell spanning columns takes the first one's). */
function labelledRow(row: ParentElement, names: readonly string[]): ParentElement {
  let column = 0;
  const cells = Children.map(row.props.children, (cell) => {
    if (!isElementOf(cell, "td") && !isElementOf(cell, "th")) return cell;
    const name = names[column];
    column += (cell as CellElement).props.colSpan ?? 1;
    return name === undefined ? cell : cloneElement(cell as CellElement, { "data-label": name });
  });
  return cloneElement(row, undefined, cells);
}

function labelledBody(body: ParentElement, names: readonly string[]): ParentElement {
  const rows = Children.map(body.props.children, (row) => (isElementOf(row, "tr") ? labelledRow(row, names) : row));
  return cloneElement(body, undefined, rows);
}

/**
 * `<ListTable label="API keys"><ColumnHeads names={…} actions /><tbody>…</tbody></ListTable>`:
 * the table element of a list, with its body's cells named from its ColumnHeads. Rows must be
 * `<tr>` elements written in place (not components of their own), or they go unnamed.
 */
export function ListTable({ label, children }: { label?: string; children?: ReactNode }) {
  const heads = Children.toArray(children).find(isColumnHeads);
  const names = heads?.props.names ?? [];
  return (
    <table className="w-full text-left text-sm" aria-label={label} data-list-table>
      {Children.map(children, (child) => (isElementOf(child, "tbody") ? labelledBody(child, names) : child))}
    </table>
  );
}

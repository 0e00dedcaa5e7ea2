// ListTable names each body cell after its column head (the names a phone shows beside each
// value, app/globals.css), whatever the row holds: cells left out, cells spanning columns, the
// actions cell. Rendered as the server renders it, without JSX (the test runner's files are .ts).
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";

/** The data-label of each cell of each body row, in order (null for a cell without one). */
function bodyLabels(html: string): (string | null)[][] {
  const body = /<tbody>(.*)<\/tbody>/s.exec(html)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map(([, row]) =>
    [...row!.matchAll(/<td([^>]*)>/g)].map(([, attributes]) => /data-label="([^"]*)"/.exec(attributes!)?.[1] ?? null),
  );
}

describe("ListTable", () => {
  it("names every cell after its column, and leaves the actions cell unnamed", () => {
    const html = renderToStaticMarkup(
      h(
        ListTable,
        { label: "API keys" },
        h(ColumnHeads, { names: ["Name", "Status"], actions: true }),
        h(
          "tbody",
          null,
          ["a", "b"].map((id) =>
            h(
              "tr",
              { key: id },
              h("td", null, `key ${id}`),
              h("td", null, "Active"),
              h("td", null, h("button", null, "Revoke")),
            ),
          ),
        ),
      ),
    );
    expect(html).toMatch(/^<table[^>]* aria-label="API keys"[^>]* data-list-table=/);
    expect(bodyLabels(html)).toEqual([
      ["Name", "Status", null],
      ["Name", "Status", null],
    ]);
  });

  it("counts a spanning cell as its columns and skips cells a row leaves out", () => {
    const html = renderToStaticMarkup(
      h(
        ListTable,
        null,
        h("caption", null, "Events"),
        h(ColumnHeads, { names: ["Time", "Actor", "Action", "Details"] }),
        h(
          "tbody",
          null,
          h("tr", null, h("td", { colSpan: 2 }, "now, system"), h("td", null, "Signed in"), h("td", null, "—")),
          h("tr", null, h("td", null, "now"), null, false, h("td", null, "system")),
        ),
      ),
    );
    expect(html).toContain("<caption>Events</caption>");
    expect(bodyLabels(html)).toEqual([
      ["Time", "Action", "Details"],
      ["Time", "Actor"],
    ]);
  });

  it("escapes a column name inside the attribute", () => {
    const html = renderToStaticMarkup(
      h(
        ListTable,
        null,
        h(ColumnHeads, { names: ['Say "hi" <b>'] }),
        h("tbody", null, h("tr", null, h("td", null, "x"))),
      ),
    );
    expect(html).toContain('data-label="Say &quot;hi&quot; &lt;b&gt;"');
  });
});

import Link from "next/link";

/** `query`: the list's other search parameters (its filters), kept on every page link. */
export function PaginationNav({
  basePath,
  page,
  pageCount,
  total,
  query = {},
}: {
  basePath: string;
  page: number;
  pageCount: number;
  total: number;
  query?: Record<string, string | undefined>;
}) {
  const href = (n: number) => {
    const params = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    params.set("page", String(n));
    return `${basePath}?${params.toString()}`;
  };
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center gap-4 text-sm">
      <span className="text-slate-600">
        Page {page} of {pageCount} · {total} in all
      </span>
      {page > 1 ? (
        <Link href={href(page - 1)} className="text-indigo-700 underline">
          Previous
        </Link>
      ) : null}
      {page < pageCount ? (
        <Link href={href(page + 1)} className="text-indigo-700 underline">
          Next
        </Link>
      ) : null}
    </nav>
  );
}

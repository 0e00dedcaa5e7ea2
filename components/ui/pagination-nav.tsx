import Link from "next/link";

export function PaginationNav({ basePath, page, pageCount, total }: { basePath: string; page: number; pageCount: number; total: number }) {
  const href = (n: number) => `${basePath}?page=${n}`;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center gap-4 text-sm">
      <span className="text-slate-600">Page {page} of {pageCount} · {total} in all</span>
      {page > 1 ? <Link href={href(page - 1)} className="text-indigo-700 underline">Previous</Link> : null}
      {page < pageCount ? <Link href={href(page + 1)} className="text-indigo-700 underline">Next</Link> : null}
    </nav>
  );
}

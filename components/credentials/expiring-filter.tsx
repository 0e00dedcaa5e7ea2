import Link from "next/link";
import clsx from "clsx";
import { EXPIRING_SOON_DAYS } from "@/lib/credentials/expiry-days";

/** "All" / "Expiring soon" above a list: ?expiring=soon, keeping the list's other filters. */
export function ExpiringFilter({
  basePath,
  active,
  query = {},
}: {
  basePath: string;
  active: boolean;
  query?: Record<string, string | undefined>;
}) {
  const href = (soon: boolean) => {
    const params = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== "page"),
    );
    params.delete("expiring");
    if (soon) params.set("expiring", "soon");
    const search = params.toString();
    return search ? `${basePath}?${search}` : basePath;
  };
  const tab = (soon: boolean) =>
    clsx(
      "rounded px-3 py-1 text-sm",
      active === soon ? "bg-indigo-700 font-medium text-white" : "border border-slate-300 text-slate-800",
    );
  return (
    <nav aria-label="Filter by expiry" className="flex flex-wrap items-center gap-2">
      <Link href={href(false)} aria-current={active ? undefined : "page"} className={tab(false)}>
        All
      </Link>
      <Link href={href(true)} aria-current={active ? "page" : undefined} className={tab(true)}>
        Expiring soon
      </Link>
      <span className="text-xs text-slate-600">
        Expiring soon: still usable, and expiring within {EXPIRING_SOON_DAYS} days.
      </span>
    </nav>
  );
}

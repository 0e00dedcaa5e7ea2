"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import clsx from "clsx";

export function NavLink({
  href,
  children,
  exact = false,
}: {
  href: string;
  children: React.ReactNode;
  exact?: boolean;
}) {
  const pathname = usePathname();
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={clsx(
        "block rounded px-3 py-2 text-sm",
        active ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-700 hover:bg-slate-100",
      )}
    >
      {children}
    </Link>
  );
}

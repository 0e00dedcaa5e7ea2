import { NavLink } from "./nav-link";

export interface NavItem {
  href: string;
  label: string;
}

/** One headed group of the main navigation: its heading, then one list item per link. */
export function NavGroup({ title, links }: { title: string; links: readonly NavItem[] }) {
  return (
    <div>
      <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      <ul className="mt-1 space-y-1">
        {links.map((link) => (
          <li key={link.href}>
            <NavLink href={link.href}>{link.label}</NavLink>
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { CurrentUser } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/access/roles";
import { ownOrganization } from "@/lib/organizations/reach";
import { KIND_LABELS } from "@/lib/organizations/rows";
import { ORGANIZATION_KINDS } from "@/lib/validations/organization";
import { NavGroup, type NavItem } from "./nav-group";
import { NavDisclosure } from "./nav-disclosure";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

const INTEGRATIONS: readonly NavItem[] = [
  { href: "/integrations", label: "Manage Integrations" },
  { href: "/docs", label: "API Docs" },
];

const ADMINISTRATION: readonly NavItem[] = [
  { href: "/users", label: "Manage Users" },
  { href: "/credentials", label: "Credentials" },
  { href: "/audit", label: "Audit Log" },
  { href: "/api-keys", label: "API Keys" },
  { href: "/oauth-apps", label: "OAuth Apps" },
  { href: "/settings", label: "API Settings" },
  { href: "/webhooks", label: "Webhooks" },
];

const MY_ACCOUNT: readonly NavItem[] = [{ href: "/account/api-access", label: "API Access" }];
// Every user who can sign in can allow OAuth apps, so every one has this page.
const CONNECTED_APPS: NavItem = { href: "/account/connected-apps", label: "Connected apps" };
// Everyone who can sign in has a password to change (API users cannot sign in).
const CHANGE_PASSWORD: NavItem = { href: "/account/password", label: "Change password" };

/** The left-side main navigation of the seeds: "Integrations" with "Manage Integrations" under it. */
export function MainNavigation({ user }: { user: CurrentUser }) {
  // Advertisers and Publishers: the whole network for those who manage it, otherwise the
  // member's own advertiser or publisher only (lib/organizations/reach.ts decides).
  const network = ORGANIZATION_KINDS.filter((kind) => ownOrganization(user, kind) !== null);
  return (
    <NavDisclosure brand={<div className="px-3 text-lg font-semibold tracking-tight">Keyward</div>}>
      <nav aria-label="Main Navigation" className="flex-1 space-y-6">
        <ul className="space-y-1">
          <li>
            <NavLink href="/" exact>
              Dashboard
            </NavLink>
          </li>
        </ul>
        <NavGroup title="Integrations" links={INTEGRATIONS} />
        {network.length > 0 ? (
          <NavGroup
            title="Network"
            links={network.map((kind) => ({ href: `/${kind}s`, label: KIND_LABELS[kind].many }))}
          />
        ) : null}
        {user.role === "super_admin" ? <NavGroup title="Administration" links={ADMINISTRATION} /> : null}
        <NavGroup
          title="My Account"
          links={
            user.role === "super_admin"
              ? [...MY_ACCOUNT, CONNECTED_APPS, CHANGE_PASSWORD]
              : [CONNECTED_APPS, CHANGE_PASSWORD]
          }
        />
      </nav>
      <div className="space-y-2 border-t border-slate-200 px-3 pt-4" aria-label="Signed-in user">
        <div className="text-sm">
          <div className="font-medium" data-testid="signed-in-name">
            {user.name}
          </div>
          <div className="truncate text-slate-600" data-testid="signed-in-email">
            {user.email}
          </div>
          <div className="text-xs text-slate-500">{ROLE_LABELS[user.role]}</div>
        </div>
        <NavLink href="/account/notifications">Notifications</NavLink>
        <SignOutButton />
      </div>
    </NavDisclosure>
  );
}

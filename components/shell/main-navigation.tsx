import type { CurrentUser } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/access/roles";
import { ownOrganization } from "@/lib/organizations/reach";
import { KIND_LABELS } from "@/lib/organizations/rows";
import { ORGANIZATION_KINDS } from "@/lib/validations/organization";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

/** The left-side main navigation of the seeds: "Integrations" with "Manage Integrations" under it. */
export function MainNavigation({ user }: { user: CurrentUser }) {
  // Advertisers and Publishers: the whole network for those who manage it, otherwise the
  // member's own advertiser or publisher only (lib/organizations/reach.ts decides).
  const network = ORGANIZATION_KINDS.filter((kind) => ownOrganization(user, kind) !== null);
  return (
    <div className="flex h-full flex-col gap-6">
      <div className="px-3 text-lg font-semibold tracking-tight">Keyward</div>
      <nav aria-label="Main Navigation" className="flex-1 space-y-6">
        <ul className="space-y-1">
          <li>
            <NavLink href="/" exact>
              Dashboard
            </NavLink>
          </li>
        </ul>
        <div>
          <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Integrations</h2>
          <ul className="mt-1 space-y-1">
            <li>
              <NavLink href="/integrations">Manage Integrations</NavLink>
            </li>
            <li>
              <NavLink href="/docs">API Docs</NavLink>
            </li>
          </ul>
        </div>
        {network.length > 0 ? (
          <div>
            <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Network</h2>
            <ul className="mt-1 space-y-1">
              {network.map((kind) => (
                <li key={kind}>
                  <NavLink href={`/${kind}s`}>{KIND_LABELS[kind].many}</NavLink>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {user.role === "super_admin" ? (
          <div>
            <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Administration</h2>
            <ul className="mt-1 space-y-1">
              <li>
                <NavLink href="/users">Manage Users</NavLink>
              </li>
              <li>
                <NavLink href="/credentials">Credentials</NavLink>
              </li>
              <li>
                <NavLink href="/audit">Audit Log</NavLink>
              </li>
              <li>
                <NavLink href="/api-keys">API Keys</NavLink>
              </li>
              <li>
                <NavLink href="/oauth-apps">OAuth Apps</NavLink>
              </li>
              <li>
                <NavLink href="/settings">API Settings</NavLink>
              </li>
            </ul>
          </div>
        ) : null}
        {user.role === "super_admin" ? (
          <div>
            <h2 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">My Account</h2>
            <ul className="mt-1 space-y-1">
              <li>
                <NavLink href="/account/api-access">API Access</NavLink>
              </li>
            </ul>
          </div>
        ) : null}
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
        <SignOutButton />
      </div>
    </div>
  );
}

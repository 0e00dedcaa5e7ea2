import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireRole } from "@/lib/auth/current-user";
import { ROLES, ROLE_LABELS, STATUS_LABELS, roleSchema, statusSchema, type Role } from "@/lib/access/roles";
import { db } from "@/lib/db";
import { getUserProfile, listUserCredentials } from "@/lib/users/get-user-profile";
import { CredentialStatus } from "@/components/credentials/credential-status";
import { ColumnHeads } from "@/components/ui/column-heads";
import { ListTable } from "@/components/ui/list-table";
import { HintLink } from "@/components/credentials/hint-link";
import { userLock } from "@/lib/users/unlock-user";
import { DateTime } from "@/components/ui/date-time";
import { EditUserForm } from "./edit-user-form";
import { SetPasswordForm } from "./set-password-form";
import { UnlockForm } from "./unlock-form";

export const metadata: Metadata = { title: "User Profile" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 px-4 py-2">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="col-span-2 text-sm" data-testid={`profile-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`}>
        {children}
      </dd>
    </div>
  );
}

export default async function UserProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireRole("super_admin");
  const { id } = await params;
  // Scoped to the admin's account: another account's user is as unknown as a made-up id.
  const profile = await getUserProfile(await db(), admin.accountId, id);
  if (!profile) notFound();
  const role = roleSchema.safeParse(profile.role);
  const status = statusSchema.safeParse(profile.status);
  // Users can be switched to super admin or network user; advertiser and publisher users are
  // created for their advertiser or publisher (lib/users/update-user.ts).
  const roleChoices: Role[] = ROLES.filter(
    (value) => value === "super_admin" || value === "network_user" || value === profile.role,
  );
  const isSelf = profile.id === admin.id;
  const lock = await userLock(await db(), admin.accountId, profile.id);
  const credentials = await listUserCredentials(await db(), admin.accountId, profile.id);

  return (
    <div className="max-w-3xl space-y-8">
      <div>
        <Link href="/users" className="text-sm text-indigo-700 underline">
          ← Manage Users
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{profile.name}</h1>
        <p className="text-slate-600">{profile.email}</p>
      </div>

      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="text-lg font-semibold">
          Profile
        </h2>
        <dl className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          <Row label="Email">{profile.email}</Row>
          <Row label="Role">{role.success ? ROLE_LABELS[role.data] : profile.role}</Row>
          <Row label="Status">{status.success ? STATUS_LABELS[status.data] : profile.status}</Row>
          <Row label="Advertiser">{profile.advertiser?.name ?? <span className="text-slate-500">none</span>}</Row>
          <Row label="Publisher">{profile.publisher?.name ?? <span className="text-slate-500">none</span>}</Row>
          <Row label="API user">{profile.isApiUser ? "Yes" : "No"}</Row>
          <Row label="Created">
            <DateTime value={profile.createdAt} />
          </Row>
          <Row label="Last sign-in">
            <DateTime value={profile.lastSignInAt} />
          </Row>
          <Row label="Password changed">
            {profile.hasPassword ? (
              <DateTime value={profile.passwordChangedAt} />
            ) : (
              "No password: created as an API user, it never signs in"
            )}
          </Row>
        </dl>
      </section>

      <section aria-labelledby="credentials-heading">
        <h2 id="credentials-heading" className="text-lg font-semibold">
          Credentials
        </h2>
        {credentials.total === 0 ? (
          <p className="mt-1 text-sm text-slate-600" data-testid="profile-no-credentials">
            No credentials carry this user&apos;s privileges.
          </p>
        ) : (
          <>
            {/* No link or button inside: the box itself takes focus, so a keyboard can scroll it (axe). */}
            <div
              className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white"
              tabIndex={0}
              role="region"
              aria-label={`Credentials of ${profile.email}, scrollable`}
            >
              <ListTable label={`Credentials of ${profile.email}`}>
                <ColumnHeads names={["Kind", "Name", "Credential", "Status", "Expires"]} />
                <tbody>
                  {credentials.rows.map((row) => (
                    <tr key={row.id} className="border-t border-slate-100">
                      <td className="px-3 py-2">{row.kindLabel}</td>
                      <td className="px-3 py-2">{row.name}</td>
                      <td className="px-3 py-2">
                        <HintLink id={row.id} hint={row.hint} />
                      </td>
                      <td className="px-3 py-2">
                        <CredentialStatus state={row.state} />
                      </td>
                      <td className="px-3 py-2">{row.expiresAt ? <DateTime value={row.expiresAt} /> : "Never"}</td>
                    </tr>
                  ))}
                </tbody>
              </ListTable>
            </div>
            <p className="mt-2 text-sm">
              <Link href={`/credentials?user=${encodeURIComponent(profile.id)}`} className="text-indigo-700 underline">
                {credentials.total > credentials.rows.length
                  ? `All ${credentials.total} credentials of this user`
                  : "Manage them under Credentials"}
              </Link>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="lock-heading">
        <h2 id="lock-heading" className="text-lg font-semibold">
          Sign-in lock-out
        </h2>
        {lock ? (
          <div className="mt-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="sign-in-lock">
            <p>
              Locked until <DateTime value={lock.lockedUntil} /> after too many wrong passwords, from{" "}
              {lock.addresses.length > 0 ? lock.addresses.join(", ") : "unknown addresses"}.
            </p>
            <UnlockForm userId={profile.id} />
          </div>
        ) : (
          <p className="mt-1 text-sm text-slate-600" data-testid="sign-in-lock">
            Not locked: the user can sign in.
          </p>
        )}
      </section>

      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading" className="text-lg font-semibold">
          Edit user
        </h2>
        {isSelf ? (
          <p className="mt-1 text-sm text-slate-600">
            This is you. Another super admin has to change your role or status, or make you an API user.
          </p>
        ) : null}
        <EditUserForm
          userId={profile.id}
          current={{ name: profile.name, role: profile.role, status: profile.status, isApiUser: profile.isApiUser }}
          roleChoices={roleChoices}
        />
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading" className="text-lg font-semibold">
          Set password
        </h2>
        <p className="mt-1 text-sm text-slate-600">Setting a password ends the user&apos;s open sessions.</p>
        <SetPasswordForm userId={profile.id} />
      </section>
    </div>
  );
}

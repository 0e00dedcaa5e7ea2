import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/access/roles";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
      <p className="mt-1 text-slate-600">You are signed in as a {ROLE_LABELS[user.role].toLowerCase()}.</p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2">
        <li className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-medium">Your API credentials</h2>
          <p className="mt-1 text-sm text-slate-600">Create and revoke the credentials your integrations use.</p>
          <Link href="/integrations" className="mt-2 inline-block text-sm text-indigo-700 underline">
            Manage Integrations
          </Link>
        </li>
        {user.role === "super_admin" ? (
          <li className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-medium">Users</h2>
            <p className="mt-1 text-sm text-slate-600">Roles, statuses and API users.</p>
            <Link href="/users" className="mt-2 inline-block text-sm text-indigo-700 underline">
              Manage Users
            </Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

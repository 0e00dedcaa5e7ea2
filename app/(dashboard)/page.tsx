import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/current-user";
import { ROLE_IN_SENTENCE } from "@/lib/access/roles";
import { db } from "@/lib/db";
import { countOrganizations } from "@/lib/organizations/count";
import { mayManageOrganizations } from "@/lib/organizations/reach";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  // A fresh network starts here: those who manage it are told it is empty and where to begin.
  const noAdvertisers =
    mayManageOrganizations(user) && (await countOrganizations(await db(), user, "advertiser")) === 0;
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
      <p className="mt-1 text-slate-600">You are signed in as {ROLE_IN_SENTENCE[user.role]}.</p>
      {noAdvertisers ? (
        <section
          aria-labelledby="no-advertisers"
          className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950"
        >
          <h2 id="no-advertisers" className="font-medium">
            Your network has no advertisers yet
          </h2>
          <p className="mt-1 text-sm">
            Advertisers (and publishers) are the network&apos;s own data: add the first one with the ID your network
            knows it by.
          </p>
          <Link
            href="/advertisers?create=1"
            className="mt-3 inline-block rounded bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800"
          >
            Create an advertiser
          </Link>
        </section>
      ) : null}
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

import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await requireUser();
  return (
    <div className="max-w-4xl">
      <h1 className="text-2xl font-semibold">Integrations</h1>
      <p className="mt-1 text-slate-600">Apps that connect to your account.</p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <li>
          <Link
            href="/integrations/invoca-apis"
            className="block h-full rounded-lg border border-slate-200 bg-white p-4 hover:border-indigo-400 hover:shadow-sm"
          >
            <h2 className="font-medium">Invoca APIs</h2>
            <p className="mt-1 text-sm text-slate-600">Your own API credentials for the Keyward API.</p>
          </Link>
        </li>
      </ul>
    </div>
  );
}

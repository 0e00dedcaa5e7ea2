import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/current-user";
import { grantableOrganizations } from "@/lib/credentials/narrowing";
import { calendarDay } from "@/lib/credentials/expiry-days";
import { maxDaysFor } from "@/lib/credentials/expiry-policy";
import { db } from "@/lib/db";
import { NewCredentialForm } from "./new-credential-form";

export const metadata: Metadata = { title: "New API Credential" };

export default async function NewApiCredentialPage() {
  const user = await requireUser();
  const database = await db();
  // What the Permissions section may offer: the user's own reach (lib/credentials/narrowing.ts).
  const organizations = await grantableOrganizations(database, user);
  const maxDays = await maxDaysFor(database, user.accountId, "pat");
  return (
    <div className="max-w-2xl">
      <p className="text-sm">
        <Link href="/integrations/invoca-apis" className="text-indigo-700 underline">
          Invoca APIs
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-semibold">New API Credential</h1>
      <p className="mt-1 text-slate-600">
        The credential acts as you, with your privileges unless you narrow them below. It is shown once, after Save.
      </p>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <NewCredentialForm
          role={user.role}
          organizations={organizations}
          today={calendarDay(new Date())}
          maxDays={maxDays}
        />
      </div>
    </div>
  );
}

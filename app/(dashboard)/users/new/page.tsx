import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { listAffiliationChoices } from "@/lib/users/affiliation-choices";
import { NewUserForm } from "./new-user-form";

export const metadata: Metadata = { title: "New User" };

export default async function NewUserPage() {
  const admin = await requireRole("super_admin");
  const { advertisers, publishers } = await listAffiliationChoices(await db(), admin.accountId);
  return (
    <div className="max-w-xl">
      <Link href="/users" className="text-sm text-indigo-700 underline">
        ← Manage Users
      </Link>
      <h1 className="mt-2 text-2xl font-semibold">New User</h1>
      <NewUserForm advertisers={advertisers} publishers={publishers} />
    </div>
  );
}

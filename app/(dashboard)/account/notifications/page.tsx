import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { readMailExpiryNotices } from "@/lib/notices/preference";
import { NotificationsForm } from "./notifications-form";

export const metadata: Metadata = { title: "Notifications" };

// Open to every signed-in user, for themselves only.
export default async function NotificationsPage() {
  const user = await requireUser();
  const mailExpiryNotices = await readMailExpiryNotices(await db(), user.id);
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold">Notifications</h1>
      <p className="mt-1 text-slate-600">What Keyward emails you at {user.email}.</p>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <NotificationsForm mailExpiryNotices={mailExpiryNotices} />
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { readApiSettings } from "@/lib/credentials/api-settings";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "API Settings" };

export default async function SettingsPage() {
  const admin = await requireRole("super_admin");
  const settings = await readApiSettings(await db(), admin.accountId);
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold">API Settings</h1>
      <p className="mt-1 text-slate-600">
        Legacy ways of presenting credentials, for the credentials and users of your network.
      </p>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <SettingsForm settings={settings} />
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { CHANGE_PASSWORD_PATH, getCurrentUser } from "@/lib/auth/current-user";
import { devicePathFor } from "@/lib/oauth/device-path";
import { DeviceForm } from "./device-form";

export const metadata: Metadata = { title: "Connect a device", robots: { index: false, follow: false } };

// GET /device (RFC 8628 3.3): where a command-line tool sends its user to type the user code.
// Outside the dashboard shell, like the consent page; next.config.js forbids caching it and
// every page's Content-Security-Policy forbids framing it (clickjacking an Allow button).

function Card({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
    </main>
  );
}

export default async function DevicePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).user_code;
  // verification_uri_complete carries the code; it only fills the field, the user confirms it.
  const userCode = typeof raw === "string" ? raw.slice(0, 40) : "";
  const user = await getCurrentUser();
  // After sign-in the user comes back here, with the code they were given.
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(devicePathFor(userCode))}`);
  if (user.passwordExpired)
    redirect(`${CHANGE_PASSWORD_PATH}?callbackUrl=${encodeURIComponent(devicePathFor(userCode))}`);
  return (
    <Card>
      <h1 className="text-xl font-semibold">Connect a device</h1>
      <p className="mt-1 text-sm text-slate-600">
        Signed in as <span data-testid="device-email">{user.email}</span>
      </p>
      <DeviceForm initialCode={userCode} />
    </Card>
  );
}

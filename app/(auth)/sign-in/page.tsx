import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeLocalPath } from "@/lib/auth/local-path";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Why the user is on the sign-in page, from ?reason= (set by the app's own redirects). */
const NOTICES: Record<string, string> = {
  // Only after the Sign out button: a first-time visitor is told nothing.
  "signed-out": "You are signed out. Sign in to continue.",
  // A session cookie came back that no longer holds (ended elsewhere, past its lifetime, user changed).
  "session-ended": "Your session has ended. Sign in again to continue.",
  "password-changed": "Your password was changed. Sign in with your new password.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Already signed in (or just now, when the form refreshes this page): on to where they were going.
  if (await getCurrentUser()) redirect(safeLocalPath(params.callbackUrl) ?? "/");
  const callback = typeof params.callbackUrl === "string" ? params.callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">Sign in to Keyward</h1>
        <p className="mt-1 text-sm text-slate-600">API credentials, issued and kept safe.</p>
        <SignInForm
          callbackUrl={callback}
          notice={typeof params.reason === "string" ? (NOTICES[params.reason] ?? null) : null}
        />
      </div>
    </main>
  );
}

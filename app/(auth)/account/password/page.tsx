import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/current-user";
import { safeLocalPath } from "@/lib/auth/local-path";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change password" };

// Outside the dashboard shell on purpose: while a password is expired, every dashboard page
// (and the shell itself) redirects here, so this page must not depend on them.
export default async function ChangePasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser({ allowExpiredPassword: true });
  // Where the user was going (the OAuth consent page, say): after the new sign-in, back there.
  const callbackUrl = safeLocalPath((await searchParams).callbackUrl);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">
          {user.passwordExpired ? "Choose a new password" : "Change your password"}
        </h1>
        <p className="mt-1 text-sm text-slate-600">Signed in as {user.email}</p>
        {user.passwordExpired ? (
          <p
            id="password-expired"
            className="mt-4 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900"
          >
            Your password has expired; choose a new one.
          </p>
        ) : null}
        <ChangePasswordForm callbackUrl={callbackUrl} />
        <div className="mt-6 space-y-2 border-t border-slate-200 pt-4">
          {user.passwordExpired ? null : (
            <Link href="/" className="block text-sm text-indigo-700 underline">
              Back to the dashboard
            </Link>
          )}
          {user.passwordExpired ? null : (
            <Link href="/account/notifications" className="block text-sm text-indigo-700 underline">
              Email notifications
            </Link>
          )}
          <SignOutButton />
        </div>
      </div>
    </main>
  );
}

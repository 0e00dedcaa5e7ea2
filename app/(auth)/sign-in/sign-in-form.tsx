"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signInRefusalMessage } from "@/lib/auth/sign-in-messages";

/**
 * Only same-site paths are followed after sign-in (no open redirect). Judged by where the
 * browser would resolve the path: "/\evil.example" passes a "starts with one slash" test,
 * yet browsers read the backslash as a slash and leave the site.
 */
function safeCallback(url: string): string {
  if (!url.startsWith("/")) return "/";
  const resolved = new URL(url, window.location.origin);
  return resolved.origin === window.location.origin ? `${resolved.pathname}${resolved.search}${resolved.hash}` : "/";
}

export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(signInRefusalMessage(result?.error ?? "invalid"));
        return;
      }
      router.replace(safeCallback(callbackUrl));
      router.refresh();
    } catch {
      setError("Keyward could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      {notice && !error ? (
        <p id="sign-in-notice" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {notice}
        </p>
      ) : null}
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-describedby={error ? "sign-in-error" : undefined}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-describedby={error ? "sign-in-error" : undefined}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
      </div>
      {error ? (
        <p id="sign-in-error" role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

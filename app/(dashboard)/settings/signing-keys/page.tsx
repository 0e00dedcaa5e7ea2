import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { RETIRED_KEY_PUBLISHED_MS, signingKeyViews, type SigningKeyView } from "@/lib/oauth/signing-keys";
import { RotateSigningKeyButton } from "./rotate-signing-key-button";

export const metadata: Metadata = { title: "Signing keys" };

const STATUS_LABELS: Record<SigningKeyView["status"], string> = {
  current: "Current: signs new ID tokens",
  published: "Retired, still in the JWKS",
  dropped: "Retired, no longer published",
};

function when(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}

// The keys that sign the ID tokens of the super admin's own account, and Rotate (lib/oauth/signing-keys.ts).
export default async function SigningKeysPage() {
  const admin = await requireRole("super_admin");
  const keys = await signingKeyViews(await db(), admin.accountId);
  const minutes = Math.round(RETIRED_KEY_PUBLISHED_MS / 60_000);
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold">Signing keys</h1>
      <p className="mt-1 text-slate-600">
        The ES256 keys that sign the ID tokens of &ldquo;Log in with Keyward&rdquo; (OpenID Connect), published at{" "}
        <code>/oauth2/jwks</code>. They belong to this account: its users&rsquo; ID tokens are signed with its current
        key, and rotating changes the key of this account only (other accounts of this Keyward keep theirs). A retired
        key stays published for {minutes} minutes, the lifetime of an ID token and a margin, then leaves the JWKS.
      </p>
      <div className="mt-4">
        <RotateSigningKeyButton hoursPublished={`${minutes} minutes`} />
      </div>
      {keys.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600">
          No key yet: the first one is made when an app first asks for an ID token for a user of this account.
        </p>
      ) : (
        <table className="mt-6 w-full text-left text-sm" aria-label="Signing keys">
          <thead>
            <tr className="border-b border-slate-200">
              <th className="px-3 py-2">Key ID (kid)</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Created</th>
              <th className="px-3 py-2">Published until</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.kid} className="border-b border-slate-100" data-testid={`signing-key-${key.status}`}>
                <td className="px-3 py-2 font-mono text-xs break-all">{key.kid}</td>
                <td className="px-3 py-2">{STATUS_LABELS[key.status]}</td>
                <td className="px-3 py-2">{when(key.createdAt)}</td>
                <td className="px-3 py-2">{key.status === "current" ? "While current" : when(key.publishedUntil)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { readApiSettings } from "@/lib/credentials/api-settings";
import { SettingsForm } from "./settings-form";
import { POLICY_KINDS, readExpiryPolicies } from "@/lib/credentials/expiry-policy";
import { ExpiryPolicyForm } from "./expiry-policy-form";
import { RateLimitForm } from "@/components/rate-limits/rate-limit-form";
import { readAccountRateLimit } from "@/lib/credential-controls/rate-limit-settings";
import { saveDefaultRateLimit } from "./rate-limit-actions";
import { readAccountAllowlist } from "@/lib/credential-controls/allowlist-settings";
import { AccountAllowlistSection } from "./allowlist-section";

/** Where each kind is created, so an admin knows what a maximum applies to. */
const CREATED_ON: Record<string, string> = {
  pat: "Each user's own, on Integrations → Invoca APIs.",
  at: "For API users, under My Account → API Access.",
  key: "Made by hand on API Keys.",
};

export const metadata: Metadata = { title: "API Settings" };

export default async function SettingsPage() {
  const admin = await requireRole("super_admin");
  const client = await db();
  const [settings, policies, rateLimit, allowlist] = await Promise.all([
    readApiSettings(client, admin.accountId),
    readExpiryPolicies(client, admin.accountId),
    readAccountRateLimit(client, admin.accountId),
    readAccountAllowlist(client, admin.accountId),
  ]);
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold">API Settings</h1>
      <p className="mt-1 text-slate-600">
        Legacy ways of presenting credentials, for the credentials and users of your network.
      </p>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <SettingsForm settings={settings} />
      </div>
      <section aria-labelledby="expiry-policy-title" className="mt-8">
        <h2 id="expiry-policy-title" className="text-xl font-semibold">
          Expiry policy
        </h2>
        <p className="mt-1 text-slate-600">
          The longest a new credential of each kind may live. The create forms offer only dates within it and &ldquo;No
          expiration&rdquo; only when there is no maximum. Credentials created earlier keep their dates.
        </p>
        <div className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
          <ExpiryPolicyForm
            rows={POLICY_KINDS.map((kind) => ({
              code: kind.code,
              label: kind.label,
              where: CREATED_ON[kind.code] ?? "",
              maxDays: policies[kind.code],
            }))}
          />
        </div>
      </section>
      <section aria-labelledby="rate-limit-title" className="mt-8">
        <h2 id="rate-limit-title" className="text-xl font-semibold">
          Default rate limit
        </h2>
        <p className="mt-1 text-slate-600">
          Applies to each credential without a limit of its own (set on its page), each with its own budget, and to each
          OAuth app without one (shared by the app&rsquo;s tokens).
        </p>
        <div className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
          <RateLimitForm
            formId="default-rate-limit-form"
            action={saveDefaultRateLimit}
            current={rateLimit}
            noLimitLabel="No default limit"
            submitLabel="Save default rate limit"
          />
        </div>
      </section>
      <AccountAllowlistSection saved={allowlist} />
      <section aria-labelledby="signing-keys-title" className="mt-8">
        <h2 id="signing-keys-title" className="text-xl font-semibold">
          ID token signing keys
        </h2>
        <p className="mt-1 text-slate-600">
          The keys that sign OpenID Connect ID tokens for this account&rsquo;s users:{" "}
          <Link href="/settings/signing-keys" className="text-indigo-700 underline">
            Signing keys
          </Link>
          .
        </p>
      </section>
    </div>
  );
}

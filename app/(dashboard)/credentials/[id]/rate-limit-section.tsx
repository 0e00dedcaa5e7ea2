// The credential page's Rate limit section (super admins only): its own limit, or the account
// default; an OAuth access token shows its app's limit, which the OAuth Apps screen sets.
import Link from "next/link";
import { RateLimitForm } from "@/components/rate-limits/rate-limit-form";
import { describeRateLimit } from "@/lib/rate-limits/policy";
import type { CredentialRateLimitView } from "@/lib/credential-controls/rate-limit-settings";
import { saveCredentialRateLimit } from "./rate-limit-actions";

export function RateLimitSection({ credentialId, view }: { credentialId: string; view: CredentialRateLimitView }) {
  const accountDefault = view.accountDefault ? describeRateLimit(view.accountDefault) : "none set";
  return (
    <section aria-labelledby="credential-rate-limit" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="credential-rate-limit" className="text-lg font-semibold">
        Rate limit
      </h2>
      {view.app ? (
        <p className="mt-2 text-sm text-slate-700" data-testid="credential-rate-limit-app">
          This access token shares the limit of its OAuth app &ldquo;{view.app.name}&rdquo; with the app&rsquo;s other
          tokens: {view.app.policy ? describeRateLimit(view.app.policy) : `the account default (${accountDefault})`}.
          Change it on{" "}
          <Link href="/oauth-apps" className="text-indigo-700 underline">
            OAuth Apps
          </Link>
          .
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">
            Requests over the limit are refused with 429 and Retry-After; every answer tells the client what is left.
          </p>
          <div className="mt-4">
            <RateLimitForm
              formId="credential-rate-limit-form"
              action={saveCredentialRateLimit}
              current={view.own}
              noLimitLabel={`Use the account default (${accountDefault})`}
              hidden={{ credentialId }}
            />
          </div>
        </>
      )}
    </section>
  );
}

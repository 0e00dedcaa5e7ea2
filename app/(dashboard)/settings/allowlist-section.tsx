// API Settings' "IP allowlist" section: the account default, for every credential and OAuth app
// without a list of its own.
import type { AllowlistView } from "@/lib/allowlists/allowlist-form";
import { IpAllowlistForm } from "@/components/allowlists/ip-allowlist-form";
import { saveAccountAllowlist } from "./allowlist-actions";

export function AccountAllowlistSection({ saved }: { saved: AllowlistView }) {
  return (
    <section aria-labelledby="account-allowlist-title" className="mt-8">
      <h2 id="account-allowlist-title" className="text-xl font-semibold">
        IP allowlist
      </h2>
      <p className="mt-1 text-slate-600">
        The default for every credential without a list of its own (set on its page) and every OAuth app without one.
        Requests from other addresses get 403. Leave it empty to accept requests from anywhere.
      </p>
      <div className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
        <IpAllowlistForm
          formId="account-allowlist-form"
          action={saveAccountAllowlist}
          saved={saved}
          help="One IPv4 or IPv6 address or CIDR range per line, for example 203.0.113.0/24 or 2001:db8::/32."
        />
      </div>
    </section>
  );
}

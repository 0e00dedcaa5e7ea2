// The credential page's "IP allowlist" section (super admins only; the page decides): the
// credential's own list, and which list applies without one.
import { readCredentialAllowlist } from "@/lib/credential-controls/allowlist-settings";
import { db } from "@/lib/db";
import { IpAllowlistForm } from "@/components/allowlists/ip-allowlist-form";
import { saveCredentialAllowlist } from "./allowlist-actions";

export async function CredentialAllowlistSection({
  accountId,
  credentialId,
  oauthApp,
}: {
  accountId: string;
  credentialId: string;
  /** The OAuth app it was issued to: its list applies when the token has none of its own. */
  oauthApp: string | null;
}) {
  const saved = await readCredentialAllowlist(await db(), accountId, credentialId);
  if (!saved) return null;
  return (
    <section aria-labelledby="credential-allowlist" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="credential-allowlist" className="text-lg font-semibold">
        IP allowlist
      </h2>
      <p className="mt-1 mb-3 text-sm text-slate-600">
        Requests with this credential from any other address get 403.{" "}
        {oauthApp
          ? `Without a list here, the list of its OAuth app (${oauthApp}) applies, else the account's default (API Settings).`
          : "Without a list here, the account's default on API Settings applies."}
      </p>
      <IpAllowlistForm
        formId="credential-allowlist-form"
        action={saveCredentialAllowlist}
        fields={{ credentialId }}
        saved={saved}
        help="One IPv4 or IPv6 address or CIDR range per line, for example 203.0.113.0/24 or 2001:db8::/32."
      />
    </section>
  );
}

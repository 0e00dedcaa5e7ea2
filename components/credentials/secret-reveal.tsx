"use client";

import { secretCurlLine, type RevealedKind } from "@/lib/api/secret-curl";
import { CopyButton } from "@/components/ui/copy-button";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { usePublicOrigin } from "./public-origin";

/**
 * A new secret, shown once with its copy button and the warning that it will not return, and a
 * curl line with the secret filled in (its own copy button) to try it against this install.
 */
export function SecretReveal({
  secret,
  title,
  kind,
  clientId,
  clientCredentials,
  children,
}: {
  secret: string;
  title: string;
  kind: RevealedKind;
  /** OAuth client secrets: for the curl line. */
  clientId?: string;
  clientCredentials?: boolean;
  children?: React.ReactNode;
}) {
  const origin = usePublicOrigin();
  const curl = secretCurlLine({ kind, secret, origin, clientId, clientCredentials });
  return (
    <OneTimeSecret
      idPrefix="secret-reveal"
      title={title}
      fieldLabel="New secret"
      secret={secret}
      warning={
        kind === "ak" ? (
          <>
            <strong>Copy it now.</strong> A super admin can show it again on this page after entering their password.
            Treat it like a password: do not email it or commit it to a repository.
          </>
        ) : (
          <>
            <strong>Copy it now. You will not be able to see it again.</strong> Keyward keeps only a hash of it. Treat
            it like a password: do not email it or commit it to a repository.
          </>
        )
      }
    >
      <div className="mt-3">
        <p id="secret-curl-label" className="text-sm text-emerald-900">
          Try it:
        </p>
        <div className="mt-1 flex flex-wrap items-start gap-2">
          <pre
            aria-labelledby="secret-curl-label"
            data-testid="secret-curl"
            tabIndex={0}
            className="min-w-0 flex-1 overflow-x-auto whitespace-pre-wrap break-all rounded border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
          >
            {curl}
          </pre>
          <CopyButton value={curl} label="Copy curl command" />
        </div>
      </div>
      {children}
    </OneTimeSecret>
  );
}

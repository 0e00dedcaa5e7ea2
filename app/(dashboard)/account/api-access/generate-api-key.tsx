"use client";

import { useCallback, useState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { generateApiKey } from "./actions";

/**
 * Generate API Key, asked for confirmation first: the key can never be changed or generated
 * again. The new key is shown here; the page is not refreshed while it is (that would replace
 * it with the hint).
 */
export function GenerateApiKey() {
  const [generated, setGenerated] = useState<{ secret: string; hint: string } | null>(null);
  const onConfirmed = useCallback((result: { secret: string; hint: string } | undefined) => {
    if (result) setGenerated(result);
  }, []);
  if (generated) {
    return (
      <SecretReveal secret={generated.secret} title="API Key generated" kind="ak">
        <p className="mt-2 text-sm text-emerald-900">
          Send it in the <code>user_key</code> header with an auth token.
        </p>
      </SecretReveal>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        This account has no API Key yet. Once generated, it cannot be changed or deleted.
      </p>
      <ConfirmDialog
        title="Generate the API Key?"
        titleId="generate-api-key-title"
        trigger={{
          label: "Generate API Key",
          className: "rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800",
        }}
        action={generateApiKey}
        onConfirmed={onConfirmed}
        fields={{}}
        confirmLabel="Generate"
        pendingLabel="Generating…"
        tone="primary"
      >
        The account gets one API Key, for good: it can never be changed, generated again or deleted. Every integration
        using this account&rsquo;s auth tokens will send it.
      </ConfirmDialog>
    </div>
  );
}

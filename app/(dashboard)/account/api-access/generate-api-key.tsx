"use client";

import { useActionState } from "react";
import { SecretReveal } from "@/components/credentials/secret-reveal";
import { FormMessage } from "@/components/ui/field-error";
import { generateApiKey, type ApiKeyState } from "./actions";

export function GenerateApiKey() {
  const [state, formAction, pending] = useActionState<ApiKeyState>(generateApiKey, {});
  if (state.created) {
    return <SecretReveal secret={state.created.secret} title="API Key generated" />;
  }
  return (
    <form action={formAction} className="space-y-3">
      <FormMessage message={state.message} />
      <p className="text-sm text-slate-700">This account has no API Key yet. Once generated, it cannot be changed or deleted, and it is shown only once.</p>
      <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60">
        {pending ? "Generating…" : "Generate API Key"}
      </button>
    </form>
  );
}

"use client";

import { SecretReveal } from "@/components/credentials/secret-reveal";
import { FormMessage } from "@/components/forms/form-controls";
import { useFormAction } from "@/components/forms/use-form-action";
import { generateApiKey, type ApiKeyState } from "./actions";

const initial: ApiKeyState = {};

export function GenerateApiKey() {
  const { state, pending, onSubmit, action } = useFormAction(generateApiKey, initial);
  if (state.result) {
    return <SecretReveal secret={state.result.secret} title="API Key generated" />;
  }
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3">
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        This account has no API Key yet. Once generated, it cannot be changed or deleted, and it is shown only once.
      </p>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
      >
        {pending ? "Generating…" : "Generate API Key"}
      </button>
    </form>
  );
}

"use client";

import { useFormStatus } from "react-dom";
import { allowAuthorization, denyAuthorization } from "./actions";

// The Allow / Deny answer. The hidden fields only say which request is being answered: the
// actions check it again from scratch, and the session too.
export function ConsentForm({ parameters, canAllow }: { parameters: [string, string][]; canAllow: boolean }) {
  return (
    <form className="mt-6">
      {parameters.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      <ConsentButtons canAllow={canAllow} />
    </form>
  );
}

function ConsentButtons({ canAllow }: { canAllow: boolean }) {
  // Disabled once either is pressed: a double click sends one answer, not two.
  const { pending } = useFormStatus();
  return (
    <div className="flex justify-end gap-3">
      <button
        type="submit"
        formAction={denyAuthorization}
        disabled={pending}
        className="rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60"
      >
        Deny
      </button>
      {canAllow ? (
        <button
          type="submit"
          formAction={allowAuthorization}
          disabled={pending}
          className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
        >
          Allow
        </button>
      ) : null}
    </div>
  );
}

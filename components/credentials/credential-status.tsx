import { STATE_LABELS, type CredentialState } from "@/lib/credentials/lifecycle";
import clsx from "clsx";

export function CredentialStatus({ state }: { state: CredentialState }) {
  return (
    <span
      className={clsx(
        "inline-block rounded px-2 py-0.5 text-xs font-medium",
        state === "active" && "bg-emerald-100 text-emerald-900",
        state === "inactive" && "bg-slate-200 text-slate-800",
        state === "revoked" && "bg-red-100 text-red-900",
        state === "expired" && "bg-amber-100 text-amber-900",
      )}
    >
      {STATE_LABELS[state]}
    </span>
  );
}

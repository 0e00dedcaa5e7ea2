import { STATE_LABELS, type CredentialState } from "@/lib/credentials/lifecycle";
import { DateTime } from "@/components/ui/date-time";
import clsx from "clsx";

/**
 * A credential's state as a badge. `graceEndsAt`: a rolled credential still in its grace
 * period (lifecycle.ts graceEndsAt) shows when it stops working: "Rolled until <date>".
 */
export function CredentialStatus({ state, graceEndsAt = null }: { state: CredentialState; graceEndsAt?: Date | null }) {
  return (
    <span
      className={clsx(
        "inline-block rounded px-2 py-0.5 text-xs font-medium",
        state === "active" && "bg-emerald-100 text-emerald-900",
        state === "inactive" && "bg-slate-200 text-slate-800",
        state === "revoked" && "bg-red-100 text-red-900",
        state === "expired" && "bg-amber-100 text-amber-900",
        state === "rolled" && "bg-violet-100 text-violet-900",
      )}
    >
      {STATE_LABELS[state]}
      {state === "rolled" && graceEndsAt ? (
        <>
          {" until "}
          <DateTime value={graceEndsAt} />
        </>
      ) : null}
    </span>
  );
}

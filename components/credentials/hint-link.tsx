import Link from "next/link";
import { credentialPath } from "@/lib/credentials/detail-access";

/**
 * A credential's hint, linked to its detail page (its history and usage). Only where the viewer
 * may open that page (lib/credentials/detail-access.ts): otherwise pass `linked={false}`.
 */
export function HintLink({ id, hint, linked = true }: { id: string; hint: string; linked?: boolean }) {
  if (!linked) return <span className="font-mono">{hint}</span>;
  return (
    <Link href={credentialPath(id)} className="font-mono text-indigo-700 underline">
      {hint}
    </Link>
  );
}

import Link from "next/link";
import { replacementPath } from "@/lib/credentials/replacement-path";

/** A row's "Create replacement": the link every screen (and a mail notice) uses to open the dialog. */
export function ReplaceLink({ kind, id, name }: { kind: string; id: string; name: string }) {
  const href = replacementPath(kind, id);
  if (!href) return null;
  return (
    <Link
      href={href}
      aria-label={`Create replacement for ${name}`}
      className="text-sm font-medium text-indigo-700 underline"
    >
      Create replacement
    </Link>
  );
}

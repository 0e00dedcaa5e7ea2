/** A time shown in UTC, unambiguous for admins in any zone; to the second where order matters (audit log). */
export function DateTime({ value, seconds = false }: { value: Date | null; seconds?: boolean }) {
  if (!value) return <span className="text-slate-500">never</span>;
  const iso = value.toISOString();
  return <time dateTime={iso}>{iso.slice(0, seconds ? 19 : 16).replace("T", " ")} UTC</time>;
}

/** A time shown in UTC, unambiguous for admins in any zone. */
export function DateTime({ value }: { value: Date | null }) {
  if (!value) return <span className="text-slate-400">never</span>;
  const iso = value.toISOString();
  return <time dateTime={iso}>{iso.slice(0, 16).replace("T", " ")} UTC</time>;
}

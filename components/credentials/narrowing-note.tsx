import { OWNER_PRIVILEGES_SUMMARY } from "@/lib/access/narrowing";

/** Under a credential's name in a list: its narrowing in a few words; nothing when it has its owner's privileges. */
export function NarrowingNote({ permissions }: { permissions: string }) {
  if (permissions === OWNER_PRIVILEGES_SUMMARY) return null;
  return <span className="block text-xs text-slate-600">Permissions: {permissions}</span>;
}

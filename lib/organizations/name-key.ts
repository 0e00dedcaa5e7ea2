// Names are unique within a network regardless of case ("Acme" and "ACME" would be one
// advertiser to a person), and the list's search ignores case on SQLite and PostgreSQL alike:
// both compare this folded form, stored beside the name.
//
// Prisma's `contains` is SQL LIKE and passes % and _ through as wildcards (and PostgreSQL reads
// \ as LIKE's escape, SQLite has none), so the folded form stores those three as private-use
// characters and a search is folded the same way: a search for "50%" finds "50% Off" only.
// Migration 0010 folds existing names with the same replacements.
const LIKE_SPECIAL: Record<string, string> = { "%": "\uE025", _: "\uE05F", "\\": "\uE05C" };

export function nameKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[%_\\]/g, (character) => LIKE_SPECIAL[character]!);
}

// Names are unique within a network regardless of case ("Acme" and "ACME" would be one
// advertiser to a person), and the list's search ignores case on SQLite and PostgreSQL alike:
// both compare this folded form, stored beside the name.

export function nameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

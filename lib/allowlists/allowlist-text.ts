// An allowlist as a person writes it (one range per line, in a textarea) and as it is stored
// (the canonical ranges, one per line; null for "no list"). Every bad line is named in the
// error, so the form can say which entry to fix.
import { parseRange, type IpRange } from "./ip-range";

/** A list longer than this is a sign of a mistake (or of wanting a firewall, not an allowlist). */
export const MAX_ALLOWLIST_ENTRIES = 100;
/** The textarea's limit: generous for 100 IPv6 ranges with comments trimmed off. */
export const MAX_ALLOWLIST_TEXT = 10_000;

export type AllowlistParse = { ok: true; ranges: IpRange[] } | { ok: false; errors: string[] };

/**
 * The ranges of a written list: lines split on newlines or commas, blank ones skipped,
 * duplicates dropped (after canonical form, so 10.0.0.0/8 and ::ffff:10.0.0.0/104 are one).
 */
export function parseAllowlistText(text: string): AllowlistParse {
  if (text.length > MAX_ALLOWLIST_TEXT)
    return { ok: false, errors: [`The list is too long: at most ${MAX_ALLOWLIST_ENTRIES} ranges`] };
  const entries = text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const errors: string[] = [];
  const ranges = new Map<string, IpRange>();
  for (const entry of entries) {
    const parsed = parseRange(entry);
    if (parsed.ok) ranges.set(parsed.range.text, parsed.range);
    else errors.push(parsed.message);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (ranges.size > MAX_ALLOWLIST_ENTRIES)
    return {
      ok: false,
      errors: [
        `The list has ${ranges.size} ranges; at most ${MAX_ALLOWLIST_ENTRIES} are allowed (merge neighbours into wider ranges)`,
      ],
    };
  return { ok: true, ranges: [...ranges.values()] };
}

/** The stored form: canonical ranges, one per line; null when there are none (no list). */
export function storedAllowlist(ranges: readonly IpRange[]): string | null {
  return ranges.length === 0 ? null : ranges.map((range) => range.text).join("\n");
}

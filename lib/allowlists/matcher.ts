// A stored allowlist compiled for the verifier: parsed once per credential cache entry (and
// shared between entries with the same text, such as an account default), then asked per
// request with the client address. No parsing of the list on the hot path.
import { parseAddress, parseRange, rangeContains, type IpRange } from "./ip-range";

export interface AllowlistMatcher {
  /** The canonical ranges, for display and tests; never sent to an API client. */
  readonly ranges: readonly IpRange[];
  /** Whether the address is in one of the ranges; an unknown or unparseable address never is. */
  allows(address: string | null): boolean;
}

function compile(stored: string): AllowlistMatcher {
  // The stored text was written by parseAllowlistText. A line that no longer parses (edited by
  // hand in the database) is left out, which narrows the list: the check fails closed.
  const ranges = stored
    .split("\n")
    .map((line) => parseRange(line))
    .flatMap((parsed) => (parsed.ok ? [parsed.range] : []));
  // The last address asked and its answer: an integration calls from the same address again
  // and again, and parsing it is most of a check's cost. The ranges never change, so the
  // answer for one address cannot either.
  let lastAddress: string | null = null;
  let lastAnswer = false;
  return {
    ranges,
    allows(address) {
      if (address === null) return false;
      if (address === lastAddress) return lastAnswer;
      const parsed = parseAddress(address);
      const answer = parsed !== null && ranges.some((range) => rangeContains(range, parsed));
      lastAddress = address;
      lastAnswer = answer;
      return answer;
    },
  };
}

const MAX_SHARED = 1_000;
const shared = new Map<string, AllowlistMatcher>();

/** The matcher for a stored list, compiled once per distinct text (bounded; cleared when full). */
export function matcherFor(stored: string): AllowlistMatcher {
  const known = shared.get(stored);
  if (known) return known;
  if (shared.size >= MAX_SHARED) shared.clear();
  const matcher = compile(stored);
  shared.set(stored, matcher);
  return matcher;
}

/**
 * A stored or requested scope list: space-delimited (RFC 6749 3.3), where repeated or
 * leading spaces mean nothing.
 */
export function splitScopes(value: string): string[] {
  return value.split(" ").filter(Boolean);
}

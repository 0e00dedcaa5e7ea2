// "2 API keys, 1 Auth token": how many of which kinds a set of credentials holds, for the bulk
// confirmation (in the browser) and the bulk result (on the server). Pure, so both can import it.

export function describeKinds(items: readonly { kindLabel: string }[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.kindLabel, (counts.get(item.kindLabel) ?? 0) + 1);
  return [...counts].map(([label, count]) => `${count} ${label}${count === 1 ? "" : "s"}`).join(", ");
}

// "Integrations in trouble" on the dashboard: the credentials refused most in the last 7 days
// (their usage, lib/usage), each linking to its page, where the reasons and clients are. A super
// admin sees the account's; everyone else only their own.
import type { Db } from "../db";
import { credentialFiltersSchema, listAccountCredentials } from "./all-credentials";

export const RECENTLY_REFUSED_DAYS = 7;
export const RECENTLY_REFUSED_SHOWN = 5;

export interface RecentlyRefused {
  id: string;
  name: string;
  hint: string;
  kindLabel: string;
  owner: string | null;
  refused: number;
}

export async function recentlyRefused(
  db: Db,
  viewer: { id: string; accountId: string; role: string },
  now: Date = new Date(),
): Promise<RecentlyRefused[]> {
  const filters = credentialFiltersSchema.parse({
    refused: String(RECENTLY_REFUSED_DAYS),
    user: viewer.role === "super_admin" ? undefined : viewer.id,
  });
  const found = await listAccountCredentials(db, viewer.accountId, filters, 1, RECENTLY_REFUSED_SHOWN, now);
  return found.rows.map((row) => ({
    id: row.id,
    name: row.name,
    hint: row.hint,
    kindLabel: row.kindLabel,
    owner: row.owner,
    refused: row.refused ?? 0,
  }));
}

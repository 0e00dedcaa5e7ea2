// Finding credentials on the Credentials screen: by name, owner email or hint (a text search,
// safe in the URL), or by a whole pasted secret, looked up by its keyed hash. A secret is never
// put in a URL, stored or logged: the search form is a POST (a server action), and anything that
// even looks like a secret (the kw_<kind>_ prefix and a run of its characters) is never turned
// into a ?q= text search, mistyped or not.
import { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../generated/sqlite/client";
import { parseSecret } from "./format";
import { digestsEqual, hashSecret } from "./hash";

export const SEARCH_TEXT_MAX = 200;

/** A prefix and at least eight characters of a secret's body: a secret, whole or mistyped. */
const SECRET_LIKE = /kw_[a-z]{2,5}_[0-9A-Za-z]{8,}/;

export type SearchInput =
  | { type: "secret"; secret: string }
  /** Looks like a secret but its form or checksum is wrong: never searched as text. */
  | { type: "mistyped_secret" }
  | { type: "text"; text: string };

export const searchInputSchema = z.string().trim().min(1, "Type a name, an email, a hint or a secret").max(1024);

/** What a search box's input is; the secret is cut out of surrounding text (a pasted header line). */
export function classifySearch(input: string): SearchInput {
  const found = SECRET_LIKE.exec(input);
  if (found) {
    const candidate = /kw_[a-z]{2,5}_[0-9A-Za-z]+/.exec(input.slice(found.index))![0];
    return parseSecret(candidate).ok ? { type: "secret", secret: candidate } : { type: "mistyped_secret" };
  }
  return { type: "text", text: input.slice(0, SEARCH_TEXT_MAX) };
}

/** The ?q= of the list: text only; a secret-like value is dropped, as an unknown filter is. */
export const searchTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(SEARCH_TEXT_MAX)
  .refine((text) => !SECRET_LIKE.test(text))
  .optional()
  .catch(undefined);

/** The account's credential with this secret, or null (unknown, or another account's). */
export async function findAccountCredentialBySecret(
  db: Db,
  accountId: string,
  secret: string,
): Promise<{ id: string } | null> {
  if (!parseSecret(secret).ok) return null;
  const secretHash = hashSecret(secret);
  const row = await db.credential.findUnique({
    where: { secretHash },
    select: { id: true, accountId: true, secretHash: true },
  });
  // Another account's credential is as unknown as one never issued.
  return row && row.accountId === accountId && digestsEqual(row.secretHash, secretHash) ? { id: row.id } : null;
}

/**
 * PostgreSQL's LIKE is case-sensitive and Prisma needs mode "insensitive" there, which SQLite
 * refuses (its LIKE already ignores ASCII case). The client knows its provider only through this
 * internal field; without it, the search is SQLite's.
 */
function insensitive(db: Db): { mode?: "insensitive" } {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql"
    ? ({ mode: "insensitive" } as { mode?: "insensitive" })
    : {};
}

/** Credentials whose name, hint or owner's email contains the text, in any case. */
export function textSearchWhere(db: Db, text: string): Prisma.CredentialWhereInput {
  const contains = { contains: text, ...insensitive(db) } as Prisma.StringFilter;
  return { OR: [{ name: contains }, { hint: contains }, { user: { is: { email: contains } } }] };
}

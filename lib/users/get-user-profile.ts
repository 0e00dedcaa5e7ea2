// One user of an account, as the profile page shows them. A user of another account reads
// as "no such user" (null), the same as an unknown id.
import { hasNoPassword } from "../auth/password";
import { kindByCode } from "../credentials/kinds";
import { credentialState } from "../credentials/lifecycle";
import { CREDENTIAL_ROW_COLUMNS } from "../credentials/store";
import type { CredentialState } from "../credentials/kind";
import type { Db } from "../db";
import { NEWEST_FIRST } from "../pagination";
import { USER_ROW_COLUMNS, type UserRow } from "./list-users";

export interface UserProfile extends UserRow {
  advertiser: { id: string; name: string } | null;
  publisher: { id: string; name: string } | null;
  passwordChangedAt: Date;
  /** False for an API user created without a password (New User, "API user (no sign-in)"). */
  hasPassword: boolean;
}

/** How many of a user's credentials the profile lists; the rest are one link away (/credentials?user=). */
export const PROFILE_CREDENTIALS_SHOWN = 10;

export interface ProfileCredential {
  id: string;
  kindLabel: string;
  name: string;
  hint: string;
  state: CredentialState;
  expiresAt: Date | null;
}

/** The newest credentials carrying this user's privileges (any kind), and how many there are. */
export async function listUserCredentials(
  db: Db,
  accountId: string,
  userId: string,
  now: Date = new Date(),
): Promise<{ total: number; rows: ProfileCredential[] }> {
  // The account is in the where as well as the user: another account's user has none here.
  const where = { accountId, userId };
  const [total, rows] = await Promise.all([
    db.credential.count({ where }),
    db.credential.findMany({
      where,
      orderBy: NEWEST_FIRST,
      take: PROFILE_CREDENTIALS_SHOWN,
      select: { ...CREDENTIAL_ROW_COLUMNS, kind: true },
    }),
  ]);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      kindLabel: kindByCode(row.kind)?.label ?? row.kind,
      name: row.name,
      hint: row.hint,
      state: credentialState(row, now),
      expiresAt: row.expiresAt,
    })),
  };
}

export async function getUserProfile(db: Db, accountId: string, userId: string): Promise<UserProfile | null> {
  const user = await db.user.findFirst({
    where: { id: userId, accountId },
    select: {
      ...USER_ROW_COLUMNS,
      advertiser: { select: { id: true, name: true } },
      publisher: { select: { id: true, name: true } },
      passwordChangedAt: true,
      passwordHash: true,
    },
  });
  if (!user) return null;
  // Only whether there is a password leaves this function, never the hash.
  const { passwordHash, ...profile } = user;
  return { ...profile, hasPassword: !hasNoPassword(passwordHash) };
}

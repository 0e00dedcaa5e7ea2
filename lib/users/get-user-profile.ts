// One user of an account, as the profile page shows them. A user of another account reads
// as "no such user" (null), the same as an unknown id.
import type { Db } from "../db";
import { USER_ROW_COLUMNS, type UserRow } from "./list-users";

export interface UserProfile extends UserRow {
  advertiser: { id: string; name: string } | null;
  publisher: { id: string; name: string } | null;
  passwordChangedAt: Date;
}

export async function getUserProfile(db: Db, accountId: string, userId: string): Promise<UserProfile | null> {
  return db.user.findFirst({
    where: { id: userId, accountId },
    select: {
      ...USER_ROW_COLUMNS,
      advertiser: { select: { id: true, name: true } },
      publisher: { select: { id: true, name: true } },
      passwordChangedAt: true,
    },
  });
}

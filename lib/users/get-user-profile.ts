// One user of an account, as the profile page shows them. A user of another account reads
// as "no such user" (null), the same as an unknown id.
import type { Db } from "../db";

export interface UserProfile {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  isApiUser: boolean;
  advertiser: { id: string; name: string } | null;
  publisher: { id: string; name: string } | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  passwordChangedAt: Date;
}

export async function getUserProfile(db: Db, accountId: string, userId: string): Promise<UserProfile | null> {
  return db.user.findFirst({
    where: { id: userId, accountId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      status: true,
      isApiUser: true,
      advertiser: { select: { id: true, name: true } },
      publisher: { select: { id: true, name: true } },
      createdAt: true,
      lastSignInAt: true,
      passwordChangedAt: true,
    },
  });
}

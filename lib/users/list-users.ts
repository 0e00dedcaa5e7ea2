// Users of one account, newest first, one page at a time. Every page is read in order off
// User_accountId_createdAt_id_idx (id breaks ties in createdAt), and the count off the same
// index: lib/users/list-users.test.ts checks the plans with 10,000 users. An exact count is
// kept here (unlike the audit log): an account has thousands of users, not millions.
import type { Db } from "../db";
import { pageCount, pageWindow, type Page } from "../pagination";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  isApiUser: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
}

/** The columns of a UserRow, for every query that reads one. */
export const USER_ROW_COLUMNS = {
  id: true,
  email: true,
  name: true,
  role: true,
  status: true,
  isApiUser: true,
  createdAt: true,
  lastSignInAt: true,
} as const;

export async function listUsers(db: Db, accountId: string, page: number): Promise<Page<UserRow>> {
  const [total, rows] = await Promise.all([
    db.user.count({ where: { accountId } }),
    db.user.findMany({
      where: { accountId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page),
      select: USER_ROW_COLUMNS,
    }),
  ]);
  return { rows, page, pageCount: pageCount(total), total };
}

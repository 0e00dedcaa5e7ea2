// The installation's first network: the oldest account, the one the bootstrap made for the first
// super admin. `npm run db:seed` fills it, so whoever signed in first sees the demo data.
import type { Db } from "../db";

export async function findFirstAccount(db: Db): Promise<{ id: string; name: string } | null> {
  return db.account.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}

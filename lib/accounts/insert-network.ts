// Accounts are networks: each one is fully isolated (every query that touches owned data has
// the account in its where clause), and nothing in the web app crosses from one to another.
// A network is born with its super admin, in one transaction with the audit row: the first one
// by the bootstrap (lib/bootstrap/first-admin.ts), others by `npm run account:create`
// (create-network.ts).
import { recordAudit, SYSTEM_ACTOR, NO_REQUEST } from "../audit";
import type { Tx } from "../db";

export interface NetworkRows {
  accountId: string;
  adminId: string;
}

export async function insertNetwork(
  tx: Tx,
  network: { name: string; admin: { email: string; name: string; passwordHash: string } },
  details: Record<string, string | boolean>,
): Promise<NetworkRows> {
  const account = await tx.account.create({ data: { name: network.name }, select: { id: true } });
  const user = await tx.user.create({
    data: {
      accountId: account.id,
      email: network.admin.email,
      name: network.admin.name,
      passwordHash: network.admin.passwordHash,
      role: "super_admin",
      status: "active",
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor: SYSTEM_ACTOR,
    accountId: account.id,
    action: "user.created",
    target: { type: "user", id: user.id, label: network.admin.email },
    context: NO_REQUEST,
    details: { role: "super_admin", status: "active", ...details },
  });
  return { accountId: account.id, adminId: user.id };
}

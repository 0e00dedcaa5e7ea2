import type { Actor } from "../audit";
import type { CurrentUser } from "../auth/current-user";

/** A signed-in user acting on the account's credentials; lib/ checks the role itself. */
export type Admin = Pick<CurrentUser, "id" | "email" | "accountId" | "role">;

/** The audit log's view of a signed-in user. */
export function actorOf(user: Pick<CurrentUser, "id" | "email" | "accountId">): Actor {
  return { id: user.id, label: user.email, accountId: user.accountId };
}

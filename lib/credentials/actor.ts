import type { CurrentUser } from "../auth/current-user";

/** A signed-in user acting on the account's credentials; lib/ checks the role itself. */
export type Admin = Pick<CurrentUser, "id" | "email" | "accountId" | "role">;

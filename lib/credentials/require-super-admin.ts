import type { CurrentUser } from "../auth/current-user";
import { CredentialRuleError } from "./errors";

/** lib/ checks the role too: a page or action that forgot its guard still cannot do this. */
export function assertSuperAdmin(actor: Pick<CurrentUser, "role">): void {
  if (actor.role !== "super_admin")
    throw new CredentialRuleError(
      "Only super admins manage auth tokens, API keys, OAuth apps and the account API key.",
      null,
      "forbidden",
    );
}

import { CredentialRuleError } from "./errors";

/** A chosen Expiration Date must lie ahead: the credential expires at 00:00 UTC at the start of that day. */
export function assertFutureDay(expiresAt: Date | null, now: Date, noun: "credential" | "token" | "key"): void {
  if (expiresAt && expiresAt.getTime() <= now.getTime())
    throw new CredentialRuleError(
      `Choose a date in the future: the ${noun} expires at 00:00 UTC at the start of that date.`,
      "expirationDate",
    );
}

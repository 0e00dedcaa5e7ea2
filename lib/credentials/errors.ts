/** An expected refusal of a credential operation, with the form field it concerns, if any. */
export class CredentialRuleError extends Error {
  override name = "CredentialRuleError";
  constructor(
    message: string,
    readonly field: string | null = null,
    /** "forbidden" when the caller may not do this at all (audited), "not_found", or a rule. */
    readonly code: "rule" | "forbidden" | "not_found" = "rule",
  ) {
    super(message);
  }
}

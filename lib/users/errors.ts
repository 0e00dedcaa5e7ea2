/** An expected refusal of a user operation, with the field it concerns (for form errors). */
export class UserRuleError extends Error {
  override name = "UserRuleError";
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

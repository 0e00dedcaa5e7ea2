// The one shape of every rate-limit form's server action (a credential's, an OAuth app's, the
// account default): read and check the fields, save through the caller's function, answer the form.
import { CredentialRuleError } from "../credentials/errors";
import { CHECK_FIELDS_MESSAGE, type FormState } from "../validations/form-state";
import {
  describeRateLimit,
  rateLimitFromForm,
  type RateLimitFormField,
  type RateLimitPolicy,
} from "../rate-limits/policy";

export type RateLimitFormState = FormState<RateLimitFormField>;

export async function saveRateLimitForm(
  formData: FormData,
  save: (policy: RateLimitPolicy | null) => Promise<RateLimitPolicy | null>,
  removedMessage: string,
): Promise<RateLimitFormState> {
  const parsed = rateLimitFromForm((name) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  });
  if (!parsed.ok) return { errors: parsed.errors, message: CHECK_FIELDS_MESSAGE };
  try {
    const saved = await save(parsed.policy);
    return { ok: true, message: saved ? `Saved: ${describeRateLimit(saved)}.` : removedMessage };
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
}

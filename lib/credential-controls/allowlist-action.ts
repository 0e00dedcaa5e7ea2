// The part every IP allowlist server action shares (credential, account default, OAuth app):
// read the form at the boundary, save through the level's own function, and answer the form
// with the saved list, each bad entry under the textarea, or the rule that refused it.
import { CredentialRuleError } from "../credentials/errors";
import { CHECK_FIELDS_MESSAGE, fieldErrors, type FormState } from "../validations/form-state";
import {
  allowlistFormSchema,
  type AllowlistFormField,
  type AllowlistInput,
  type AllowlistView,
} from "../allowlists/allowlist-form";

export type AllowlistFormState = FormState<AllowlistFormField, AllowlistView>;

export async function runAllowlistAction(
  formData: FormData,
  save: (input: AllowlistInput) => Promise<AllowlistView>,
): Promise<AllowlistFormState> {
  const read = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : null;
  };
  const parsed = allowlistFormSchema.safeParse({
    intent: read("intent"),
    ranges: read("ranges"),
    reportOnly: read("reportOnly"),
  });
  if (!parsed.success) {
    return {
      errors: fieldErrors<AllowlistFormField>(parsed.error),
      message: CHECK_FIELDS_MESSAGE,
      values: { ranges: read("ranges") ?? "", ...(read("reportOnly") ? { reportOnly: "on" } : {}) },
    };
  }
  try {
    const saved = await save(parsed.data);
    return {
      ok: true,
      message:
        saved.ranges.length === 0
          ? "Saved: no list here."
          : `Saved: ${saved.ranges.length === 1 ? "1 range" : `${saved.ranges.length} ranges`}${saved.reportOnly ? ", report only" : ""}.`,
      result: saved,
    };
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
}

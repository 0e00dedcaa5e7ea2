"use server";

import { requireUser } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { replaceCredential } from "@/lib/credentials/replacement";
import { db } from "@/lib/db";
import { credentialIdSchema } from "@/lib/validations/credential";
import { formText } from "@/lib/validations/form-data";
import type { FormState } from "@/lib/validations/form-state";
import type { PolicyKindCode } from "@/lib/credentials/expiry-policy";

export type ReplaceCredentialState = FormState<
  "expirationDate",
  {
    secret: string;
    hint: string;
    /** Its kind: the one-time reveal shows the curl line of that kind. */
    kind: PolicyKindCode;
    name: string;
    expiresAt: string | null;
    oldHint: string;
    oldExpiresAt: string;
    requestId: string | undefined;
  }
>;

/** Create replacement, from any list or the dashboard: lib/credentials/replacement.ts decides who may. */
export async function replaceCredentialAction(
  previous: ReplaceCredentialState,
  formData: FormData,
): Promise<ReplaceCredentialState> {
  const user = await requireUser();
  const id = credentialIdSchema.safeParse(formData.get("credentialId"));
  if (!id.success) return { message: "No such credential; reload the page." };
  const requestId = formText(formData.get("requestId")) || undefined;
  try {
    const result = await replaceCredential(
      await db(),
      user,
      id.data,
      { expirationDate: formText(formData.get("expirationDate")) ?? "", requestId },
      await currentRequestContext(),
    );
    if ("duplicateOf" in result) {
      // A double click: the first answer holds the secret.
      if (previous.result && previous.result.requestId === requestId) return previous;
      return {
        message: `The replacement was already created (${result.duplicateOf.hint}); its secret was shown once.`,
      };
    }
    // No revalidatePath: re-rendering the list now would find the credential replaced and
    // unmount the dialog showing the secret; the dialog refreshes the page when it closes.
    const created = result.replaced;
    return {
      ok: true,
      result: {
        secret: created.secret,
        hint: created.hint,
        kind: created.kind,
        name: created.name,
        expiresAt: created.expiresAt?.toISOString() ?? null,
        oldHint: created.oldHint,
        oldExpiresAt: created.oldExpiresAt.toISOString(),
        requestId,
      },
    };
  } catch (error) {
    if (error instanceof CredentialRuleError) {
      return error.field ? { errors: { [error.field]: [error.message] } } : { message: error.message };
    }
    throw error;
  }
}

import type { CurrentUser } from "@/lib/auth/current-user";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { calendarDay } from "@/lib/credentials/expiry-days";
import { replacementOffer } from "@/lib/credentials/replacement";
import { db } from "@/lib/db";
import { credentialIdSchema } from "@/lib/validations/credential";
import { ReplaceDialog } from "./replace-dialog";

/**
 * What a list screen shows for ?replace=<id>: the Create replacement dialog, once the server
 * has checked that the signed-in user may replace that credential now; otherwise why not.
 */
export async function ReplacementSlot({
  user,
  replace,
  listPath,
}: {
  user: CurrentUser;
  replace: string | string[] | undefined;
  listPath: string;
}) {
  if (replace === undefined) return null;
  const id = credentialIdSchema.safeParse(replace);
  const now = new Date();
  const answer = id.success
    ? await replacementOffer(await db(), user, id.data, now).catch((error: unknown) => {
        if (error instanceof CredentialRuleError) return error;
        throw error;
      })
    : new CredentialRuleError("No such credential that you may replace.");
  if (!(answer instanceof CredentialRuleError)) {
    return (
      <ReplaceDialog
        offer={{ ...answer, expiresAt: answer.expiresAt.toISOString() }}
        today={calendarDay(now)}
        listPath={listPath}
      />
    );
  }
  const refusal = answer.message;
  return (
    <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      Cannot create a replacement: {refusal}
    </p>
  );
}

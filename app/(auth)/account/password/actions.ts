"use server";
// "Choose a new password" for the signed-in user: the way out of an expired password, and
// open to any signed-in web user. The rules are in lib/users/change-own-password.ts.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { safeLocalPath } from "@/lib/auth/local-path";
import { requestContextFrom } from "@/lib/auth/request-context";
import { db } from "@/lib/db";
import { changeOwnPassword } from "@/lib/users/change-own-password";
import { UserRuleError } from "@/lib/users/errors";
import { CHECK_FIELDS_MESSAGE, fieldErrors, formFields, type FormState } from "@/lib/validations/form-state";
import {
  CHANGE_PASSWORD_FIELDS,
  changePasswordFormSchema,
  type ChangePasswordField,
} from "@/lib/validations/user-forms";

export async function changeOwnPasswordAction(
  _previous: FormState<ChangePasswordField>,
  formData: FormData,
): Promise<FormState<ChangePasswordField>> {
  const user = await requireUser({ allowExpiredPassword: true });
  // Every field is a password: none is sent back.
  const parsed = changePasswordFormSchema.safeParse(formFields(formData, CHANGE_PASSWORD_FIELDS));
  if (!parsed.success) return { errors: fieldErrors<ChangePasswordField>(parsed.error), message: CHECK_FIELDS_MESSAGE };
  try {
    await changeOwnPassword(
      await db(),
      user.id,
      { currentPassword: parsed.data.currentPassword, newPassword: parsed.data.newPassword },
      requestContextFrom(await headers()),
    );
  } catch (error) {
    if (error instanceof UserRuleError) {
      const field = CHANGE_PASSWORD_FIELDS.find((name) => name === error.field);
      return field
        ? { errors: { [field]: [error.message] }, message: CHECK_FIELDS_MESSAGE }
        : { message: error.message };
    }
    throw error;
  }
  // The change bumped the session version, so this session has ended: sign in again with
  // the new password (which also proves it was typed as intended).
  const callbackUrl = safeLocalPath(formData.get("callbackUrl"));
  redirect(`/sign-in?reason=password-changed${callbackUrl ? `&callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`);
}

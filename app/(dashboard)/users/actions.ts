"use server";
// The Manage Users server actions. Each one checks the role itself (a hidden button is not
// a check), validates the FormData, and leaves the rules to lib/users. Expected refusals
// come back as form state, next to the field they concern.
import { actorOf } from "@/lib/audit";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/current-user";
import { requestContextFrom } from "@/lib/auth/request-context";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users/create-user";
import { UserRuleError } from "@/lib/users/errors";
import { unlockUser } from "@/lib/users/unlock-user";
import { updateUser } from "@/lib/users/update-user";
import {
  CHECK_FIELDS_MESSAGE,
  echoValues,
  fieldErrors,
  formFields,
  type FormState,
} from "@/lib/validations/form-state";
import {
  EDIT_USER_FIELDS,
  NEW_USER_FIELDS,
  SET_PASSWORD_FIELDS,
  editUserFormSchema,
  parseNewUserForm,
  setPasswordFormSchema,
  type EditUserField,
  type NewUserField,
  type SetPasswordField,
} from "@/lib/validations/user-forms";

/** A refusal from lib/users as form state: on its field when the form has that field. */
function refusalState<F extends string>(
  error: UserRuleError,
  fields: readonly F[],
  values?: Partial<Record<F, string>>,
): FormState<F> {
  const field = fields.find((name) => name === error.field);
  if (field)
    return {
      errors: { [field]: [error.message] } as Partial<Record<F, string[]>>,
      message: CHECK_FIELDS_MESSAGE,
      values,
    };
  return { message: error.message, values };
}

/** A user id from the client (bound to the action): a string of sane length, or 404. */
function userIdFrom(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) notFound();
  return value;
}

export async function createUserAction(
  _previous: FormState<NewUserField>,
  formData: FormData,
): Promise<FormState<NewUserField>> {
  const admin = await requireRole("super_admin");
  const fields = formFields(formData, NEW_USER_FIELDS);
  // Everything typed comes back on a failed submit, except the password.
  const values = echoValues(fields, ["password"]);
  const parsed = parseNewUserForm(fields);
  if (!parsed.success) return { errors: parsed.errors, message: CHECK_FIELDS_MESSAGE, values };
  let createdId: string;
  try {
    createdId = (
      await createUser(await db(), admin.accountId, parsed.data, actorOf(admin), requestContextFrom(await headers()))
    ).id;
  } catch (error) {
    if (error instanceof UserRuleError) return refusalState(error, NEW_USER_FIELDS, values);
    throw error;
  }
  revalidatePath("/users");
  redirect(`/users/${createdId}`);
}

export async function updateUserAction(
  userId: string,
  _previous: FormState<EditUserField>,
  formData: FormData,
): Promise<FormState<EditUserField>> {
  const admin = await requireRole("super_admin");
  const id = userIdFrom(userId);
  const fields = formFields(formData, EDIT_USER_FIELDS);
  const values = echoValues(fields);
  const parsed = editUserFormSchema.safeParse(fields);
  if (!parsed.success)
    return { errors: fieldErrors<EditUserField>(parsed.error), message: CHECK_FIELDS_MESSAGE, values };
  try {
    await updateUser(await db(), admin.accountId, id, parsed.data, actorOf(admin), requestContextFrom(await headers()));
  } catch (error) {
    if (error instanceof UserRuleError) return refusalState(error, EDIT_USER_FIELDS, values);
    throw error;
  }
  revalidatePath("/users");
  revalidatePath(`/users/${id}`);
  return { ok: true, message: "Changes saved." };
}

export async function setPasswordAction(
  userId: string,
  _previous: FormState<SetPasswordField>,
  formData: FormData,
): Promise<FormState<SetPasswordField>> {
  const admin = await requireRole("super_admin");
  const id = userIdFrom(userId);
  // Passwords are never sent back: a failed submit shows empty fields with the errors.
  const parsed = setPasswordFormSchema.safeParse(formFields(formData, SET_PASSWORD_FIELDS));
  if (!parsed.success) return { errors: fieldErrors<SetPasswordField>(parsed.error), message: CHECK_FIELDS_MESSAGE };
  try {
    await updateUser(
      await db(),
      admin.accountId,
      id,
      { password: parsed.data.password },
      actorOf(admin),
      requestContextFrom(await headers()),
    );
  } catch (error) {
    if (error instanceof UserRuleError) return refusalState(error, SET_PASSWORD_FIELDS);
    throw error;
  }
  revalidatePath(`/users/${id}`);
  return { ok: true, message: "Password set. The user's open sessions have ended." };
}

export async function unlockUserAction(userId: string, _previous: FormState, _formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = userIdFrom(userId);
  try {
    await unlockUser(await db(), admin.accountId, id, actorOf(admin), requestContextFrom(await headers()));
  } catch (error) {
    if (error instanceof UserRuleError) return { message: error.message };
    throw error;
  }
  revalidatePath(`/users/${id}`);
  return { ok: true, message: "Unlocked. The user can sign in again." };
}

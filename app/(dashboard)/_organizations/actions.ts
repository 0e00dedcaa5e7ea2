"use server";
// The Advertisers and Publishers server actions, one set for both screens: the form's hidden
// `kind` only picks the table. Who may change what comes from the session's user
// (lib/organizations/reach.ts), never from the form: advertiser and publisher users get 403
// here, and lib/organizations would refuse them too.
import { revalidatePath } from "next/cache";
import { forbidden } from "next/navigation";
import { z } from "zod";
import { actorOf } from "@/lib/audit";
import { currentRequestContext } from "@/lib/auth/current-request";
import { requireUser, type CurrentUser } from "@/lib/auth/current-user";
import { db, type Db } from "@/lib/db";
import { deleteOrganization } from "@/lib/organizations/delete";
import { OrganizationError } from "@/lib/organizations/errors";
import { mayManageOrganizations } from "@/lib/organizations/reach";
import { KIND_LABELS } from "@/lib/organizations/rows";
import { createOrganization, editOrganization, type WrittenBy } from "@/lib/organizations/write";
import { CHECK_FIELDS_MESSAGE, echoValues, fieldErrors, formFields } from "@/lib/validations/form-state";
import type { FormState } from "@/lib/validations/form-state";
import {
  ORGANIZATION_FORM_FIELDS,
  ORGANIZATION_KINDS,
  organizationFormSchema,
  type OrganizationField,
  type OrganizationInput,
  type OrganizationKind,
} from "@/lib/validations/organization";

const kindSchema = z.enum(ORGANIZATION_KINDS);
/** Keyward's id of a row (a cuid), as a row's hidden field sends it. */
const rowIdSchema = z.string().min(1).max(64);

type OrganizationFormState = FormState<OrganizationField>;

const RELOAD = "This form is out of date; reload the page.";

export async function createOrganizationAction(
  _previous: OrganizationFormState,
  formData: FormData,
): Promise<OrganizationFormState> {
  const user = await requireUser();
  if (!mayManageOrganizations(user)) forbidden();
  return save(user, formData, (client, kind, input, by) => createOrganization(client, user, kind, input, by));
}

export async function editOrganizationAction(
  _previous: OrganizationFormState,
  formData: FormData,
): Promise<OrganizationFormState> {
  const user = await requireUser();
  if (!mayManageOrganizations(user)) forbidden();
  const id = rowIdSchema.safeParse(formData.get("id"));
  if (!id.success) return { message: RELOAD };
  return save(user, formData, (client, kind, input, by) => editOrganization(client, user, kind, id.data, input, by));
}

/** New and Edit alike: the kind and the three fields parsed, then the write; refusals on their field. */
async function save(
  user: CurrentUser,
  formData: FormData,
  write: (client: Db, kind: OrganizationKind, input: OrganizationInput, by: WrittenBy) => Promise<unknown>,
): Promise<OrganizationFormState> {
  const kind = kindSchema.safeParse(formData.get("kind"));
  if (!kind.success) return { message: RELOAD };
  const fields = formFields(formData, ORGANIZATION_FORM_FIELDS);
  const values = echoValues(fields);
  const parsed = organizationFormSchema.safeParse(fields);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), message: CHECK_FIELDS_MESSAGE, values };
  try {
    await write(await db(), kind.data, parsed.data, await writtenBy(user));
  } catch (error) {
    if (error instanceof OrganizationError) return refusal(error, values);
    throw error;
  }
  return done(kind.data);
}

/** Delete the row the user confirmed, by Keyward's id (an id from network may have changed since). */
export async function deleteOrganizationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser();
  if (!mayManageOrganizations(user)) forbidden();
  const kind = kindSchema.safeParse(formData.get("kind"));
  const id = rowIdSchema.safeParse(formData.get("id"));
  if (!kind.success || !id.success) return { message: RELOAD };
  try {
    await deleteOrganization(await db(), user, kind.data, { id: id.data }, await writtenBy(user));
  } catch (error) {
    if (error instanceof OrganizationError) return { message: error.message };
    throw error;
  }
  return done(kind.data);
}

async function writtenBy(user: CurrentUser): Promise<WrittenBy> {
  return { actor: actorOf(user), context: await currentRequestContext() };
}

/** A refusal from lib next to its field (a taken ID from network or name), or for the whole form. */
function refusal(error: OrganizationError, values: Partial<Record<OrganizationField, string>>): OrganizationFormState {
  if (error.field) return { errors: { [error.field]: [error.message] }, message: CHECK_FIELDS_MESSAGE, values };
  return { message: error.message, values };
}

function done(kind: OrganizationKind): OrganizationFormState {
  revalidatePath(`/${kind}s`);
  return { ok: true, message: `${KIND_LABELS[kind].one} saved.` };
}

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf } from "@/lib/audit";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { CredentialRuleError } from "@/lib/credentials/errors";
import { db } from "@/lib/db";
import { deleteClient, registerClient, rotateClientSecret } from "@/lib/oauth/clients";
import { disconnectGrant, grantIdSchema } from "@/lib/oauth/connected-apps";
import { saveRateLimitForm, type RateLimitFormState } from "@/lib/credential-controls/rate-limit-form-action";
import { setOAuthAppRateLimit } from "@/lib/credential-controls/rate-limit-settings";
import { credentialIdSchema, rollGraceHoursSchema } from "@/lib/validations/credential";
import { formText, formTexts } from "@/lib/validations/form-data";
import type { FormState } from "@/lib/validations/form-state";
import { GRANT_TYPE_LABELS, newOAuthClientSchema } from "@/lib/validations/oauth-client";

const PATH = "/oauth-apps";

/** The id of an OAuthClient row (a cuid), as a row's hidden field sends it. */
const oauthAppIdSchema = credentialIdSchema;

type OAuthAppFields =
  "name" | "clientType" | "redirectUris" | "grantTypes" | "scopes" | "serviceUserId" | "canIntrospect";

/** secret null: a public client, which has none. */
export type RegisterOAuthAppState = FormState<
  OAuthAppFields,
  {
    clientId: string;
    secret: string | null;
    secretHint: string | null;
    name: string;
    grants: string[];
    scopes: string[];
    requestId: string | undefined;
  }
>;

export async function registerOAuthAppAction(
  previous: RegisterOAuthAppState,
  formData: FormData,
): Promise<RegisterOAuthAppState> {
  const admin = await requireRole("super_admin");
  const raw = {
    name: formText(formData.get("name")) ?? "",
    redirectUris: formText(formData.get("redirectUris")) ?? "",
    grantTypes: formTexts(formData, "grantTypes"),
    scopes: formTexts(formData, "scopes"),
    serviceUserId: formText(formData.get("serviceUserId")) ?? "",
    // A checkbox: present ("on") when ticked, absent otherwise.
    canIntrospect: formData.get("canIntrospect") !== null,
    clientType: formText(formData.get("clientType")) ?? "confidential",
    requestId: formText(formData.get("requestId")) || undefined,
  };
  const parsed = newOAuthClientSchema.safeParse(raw);
  if (!parsed.success)
    return { errors: z.flattenError(parsed.error).fieldErrors, message: "Check the highlighted fields." };
  try {
    // lib/oauth parses the input again; the checked lists go in typed, the rest as typed.
    const input = {
      ...raw,
      grantTypes: parsed.data.grantTypes,
      scopes: parsed.data.scopes,
      clientType: parsed.data.clientType,
    };
    const result = await registerClient(await db(), admin, input, await currentRequestContext());
    if ("duplicateOf" in result) {
      // The same form sent twice (a double click): the first answer holds the secret.
      if (previous.result && previous.result.requestId === raw.requestId) return previous;
      return {
        message: `This app was already registered (${result.duplicateOf.clientId}); its client secret was shown once.`,
      };
    }
    revalidatePath(PATH);
    const { client, secret, secretHint } = result.registered;
    return {
      ok: true,
      result: {
        clientId: client.clientId,
        secret,
        secretHint,
        name: client.name,
        grants: client.grantTypes.map((grant) => GRANT_TYPE_LABELS[grant]),
        scopes: client.scopes,
        requestId: raw.requestId,
      },
    };
  } catch (error) {
    if (error instanceof CredentialRuleError) {
      return error.field ? { errors: { [error.field]: [error.message] } } : { message: error.message };
    }
    throw error;
  }
}

export type RotateSecretState = FormState<
  "graceHours",
  { secret: string; secretHint: string; clientId: string; name: string; oldSecretExpiresAt: string | null }
>;

export async function rotateClientSecretAction(
  previous: RotateSecretState,
  formData: FormData,
): Promise<RotateSecretState> {
  const admin = await requireRole("super_admin");
  // A second submit of a form that already rotated (the dialog shows the new secret) changes nothing.
  if (previous.result) return previous;
  const id = oauthAppIdSchema.safeParse(formData.get("appId"));
  if (!id.success) return { message: "Unknown OAuth app; reload the page." };
  const grace = rollGraceHoursSchema.safeParse(formData.get("graceHours"));
  if (!grace.success) return { errors: { graceHours: grace.error.issues.map((issue) => issue.message) } };
  try {
    const rotated = await rotateClientSecret(await db(), admin, id.data, await currentRequestContext(), {
      graceHours: grace.data,
    });
    // No revalidatePath: re-rendering now would unmount the dialog showing the new secret; the
    // dialog refreshes the page when it closes.
    return { ok: true, result: { ...rotated, oldSecretExpiresAt: rotated.oldSecretExpiresAt?.toISOString() ?? null } };
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
}

export async function deleteOAuthAppAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = oauthAppIdSchema.safeParse(formData.get("appId"));
  if (!id.success) return { message: "Unknown OAuth app; reload the page." };
  try {
    await deleteClient(await db(), admin, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
  revalidatePath(PATH);
  return { ok: true };
}

export async function saveOAuthAppRateLimitAction(
  _previous: RateLimitFormState,
  formData: FormData,
): Promise<RateLimitFormState> {
  const admin = await requireRole("super_admin");
  const id = oauthAppIdSchema.safeParse(formData.get("appId"));
  if (!id.success) return { message: "Unknown OAuth app; reload the page." };
  const context = await currentRequestContext();
  const state = await saveRateLimitForm(
    formData,
    async (policy) =>
      setOAuthAppRateLimit(await db(), { actor: actorOf(admin), accountId: admin.accountId }, id.data, policy, context),
    "Saved: its tokens use the account default.",
  );
  if (state.ok) revalidatePath(PATH);
  return state;
}

/** Disconnect a user's grant, as super admin; lib/ refuses a grant of another account. */
export async function disconnectUserGrantAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = grantIdSchema.safeParse(formData.get("grantId"));
  if (!id.success) return { message: "Unknown connected app; reload the page." };
  try {
    await disconnectGrant(await db(), admin, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof CredentialRuleError) return { message: error.message };
    throw error;
  }
  revalidatePath(PATH);
  return { ok: true };
}

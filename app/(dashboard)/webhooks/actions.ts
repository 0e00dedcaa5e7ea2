"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/current-user";
import { currentRequestContext } from "@/lib/auth/current-request";
import { db } from "@/lib/db";
import { formText, formTexts } from "@/lib/validations/form-data";
import { CHECK_FIELDS_MESSAGE, type FormState } from "@/lib/validations/form-state";
import { resendDelivery, sendTestEvent } from "@/lib/webhooks/deliveries";
import { endpointInputSchema, webhookIdSchema } from "@/lib/webhooks/endpoint-input";
import { createEndpoint, deleteEndpoint, rotateSigningSecret, updateEndpoint } from "@/lib/webhooks/endpoints";
import { WebhookError } from "@/lib/webhooks/errors";
import { addressRules } from "@/lib/webhooks/settings";

const PATH = "/webhooks";

type EndpointField = "url" | "description" | "events";

export type EndpointFormState = FormState<EndpointField, { id: string; url: string; secret: string | null }>;

function readEndpointForm(formData: FormData) {
  return {
    url: formText(formData.get("url")) ?? "",
    description: formText(formData.get("description")) ?? "",
    events: formTexts(formData, "events"),
  };
}

function refused(error: unknown, values: ReturnType<typeof readEndpointForm>): EndpointFormState {
  if (!(error instanceof WebhookError)) throw error;
  const echo = { url: values.url, description: values.description, events: values.events.join(" ") };
  if (error.field) return { errors: { [error.field]: [error.message] }, message: CHECK_FIELDS_MESSAGE, values: echo };
  return { message: error.message, values: echo };
}

function invalid(values: ReturnType<typeof readEndpointForm>): EndpointFormState | null {
  const parsed = endpointInputSchema.safeParse(values);
  if (parsed.success) return null;
  const errors: Partial<Record<EndpointField, string[]>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as EndpointField;
    (errors[field] ??= []).push(issue.message);
  }
  return {
    errors,
    message: CHECK_FIELDS_MESSAGE,
    values: { url: values.url, description: values.description, events: values.events.join(" ") },
  };
}

export async function createEndpointAction(
  previous: EndpointFormState,
  formData: FormData,
): Promise<EndpointFormState> {
  const admin = await requireRole("super_admin");
  // A second submit of a form that already shows its secret registers nothing more.
  if (previous.result) return previous;
  const values = readEndpointForm(formData);
  const bad = invalid(values);
  if (bad) return bad;
  try {
    const { endpoint, secret } = await createEndpoint(
      await db(),
      admin,
      values,
      addressRules(),
      await currentRequestContext(),
    );
    // No revalidatePath: the dialog showing the secret would unmount; it refreshes the page on close.
    return { ok: true, result: { id: endpoint.id, url: endpoint.url, secret } };
  } catch (error) {
    return refused(error, values);
  }
}

export async function updateEndpointAction(
  _previous: EndpointFormState,
  formData: FormData,
): Promise<EndpointFormState> {
  const admin = await requireRole("super_admin");
  const id = webhookIdSchema.safeParse(formData.get("endpointId"));
  if (!id.success) return { message: "Unknown webhook endpoint; reload the page." };
  const values = readEndpointForm(formData);
  const bad = invalid(values);
  if (bad) return bad;
  try {
    await updateEndpoint(await db(), admin, id.data, values, addressRules(), await currentRequestContext());
  } catch (error) {
    return refused(error, values);
  }
  revalidatePath(PATH);
  return { ok: true, message: "Saved.", result: { id: id.data, url: values.url, secret: null } };
}

export type RotateWebhookSecretState = FormState<never, { secret: string; previousSecretUntil: string }>;

export async function rotateWebhookSecretAction(
  previous: RotateWebhookSecretState,
  formData: FormData,
): Promise<RotateWebhookSecretState> {
  const admin = await requireRole("super_admin");
  if (previous.result) return previous;
  const id = webhookIdSchema.safeParse(formData.get("endpointId"));
  if (!id.success) return { message: "Unknown webhook endpoint; reload the page." };
  try {
    const rotated = await rotateSigningSecret(await db(), admin, id.data, await currentRequestContext());
    return {
      ok: true,
      result: { secret: rotated.secret, previousSecretUntil: rotated.previousSecretUntil.toISOString() },
    };
  } catch (error) {
    if (error instanceof WebhookError) return { message: error.message };
    throw error;
  }
}

export async function deleteEndpointAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = webhookIdSchema.safeParse(formData.get("endpointId"));
  if (!id.success) return { message: "Unknown webhook endpoint; reload the page." };
  try {
    await deleteEndpoint(await db(), admin, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof WebhookError) return { message: error.message };
    throw error;
  }
  revalidatePath(PATH);
  redirect(PATH);
}

export async function sendTestEventAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = webhookIdSchema.safeParse(formData.get("endpointId"));
  if (!id.success) return { message: "Unknown webhook endpoint; reload the page." };
  try {
    await sendTestEvent(await db(), admin, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof WebhookError) return { message: error.message };
    throw error;
  }
  revalidatePath(PATH);
  return { ok: true, message: "Test event queued: it appears in the delivery log below once sent." };
}

export async function resendDeliveryAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole("super_admin");
  const id = webhookIdSchema.safeParse(formData.get("deliveryId"));
  if (!id.success) return { message: "Unknown delivery; reload the page." };
  try {
    await resendDelivery(await db(), admin, id.data, await currentRequestContext());
  } catch (error) {
    if (error instanceof WebhookError) return { message: error.message };
    throw error;
  }
  revalidatePath(PATH);
  return { ok: true, message: "Resend queued: a new delivery of the same event." };
}

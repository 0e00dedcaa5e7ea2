"use server";
// The /device page's two actions: look up the user code, then Allow or Deny. Each requires the
// session again (a signed-out user goes through sign-in and back, the code kept) and checks the
// code again from scratch, with the guessing limit (lib/oauth/device-verification.ts). Next.js
// checks the Origin header of every server action (CSRF).
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/current-user";
import { requestContextFrom } from "@/lib/auth/request-context";
import { db } from "@/lib/db";
import { consentScopes } from "@/lib/oauth/consent";
import { devicePathFor } from "@/lib/oauth/device-path";
import { answerDeviceRequest, findDeviceRequest } from "@/lib/oauth/device-verification";
import { normalizeUserCode, displayUserCode } from "@/lib/oauth/user-code";
import {
  deviceAnswerFormSchema,
  deviceCodeFormSchema,
  type DeviceAnswerFormState,
  type DeviceCodeFormState,
} from "@/lib/validations/device-code";
import { fieldErrors, formFields } from "@/lib/validations/form-state";

function typedCode(formData: FormData): string {
  const value = formData.get("userCode");
  return typeof value === "string" ? value : "";
}

export async function lookUpDeviceCode(_state: DeviceCodeFormState, formData: FormData): Promise<DeviceCodeFormState> {
  const user = await requireUser({ callbackUrl: devicePathFor(typedCode(formData)) });
  const fields = formFields(formData, ["userCode"] as const);
  const values = { userCode: fields.userCode ?? "" };
  const parsed = deviceCodeFormSchema.safeParse(fields);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const found = await findDeviceRequest(await db(), user, parsed.data.userCode, requestContextFrom(await headers()));
  if (!found.ok) return { errors: { userCode: [found.message] }, values };
  const scopes = consentScopes(found.request.scopes, user.role);
  return {
    ok: true,
    values,
    result: {
      // Canonical and displayed (XXXX-XXXX): what the answer form carries and the user compares.
      userCode: displayUserCode(normalizeUserCode(parsed.data.userCode) ?? ""),
      appName: found.request.client.name,
      scopes,
      canAllow: scopes.some((scope) => scope.granted),
    },
  };
}

export async function answerDeviceCode(
  _state: DeviceAnswerFormState,
  formData: FormData,
): Promise<DeviceAnswerFormState> {
  const user = await requireUser({ callbackUrl: devicePathFor(typedCode(formData)) });
  const parsed = deviceAnswerFormSchema.safeParse(formFields(formData, ["userCode", "answer"] as const));
  if (!parsed.success)
    return { errors: fieldErrors(parsed.error), message: "Start again with the code your device shows." };
  const { userCode, answer } = parsed.data;
  const outcome = await answerDeviceRequest(await db(), user, userCode, answer, requestContextFrom(await headers()));
  if (!outcome.ok) return { message: outcome.message };
  return { ok: true, result: { answer, appName: outcome.request.client.name } };
}

// The /device page's two forms (RFC 8628 3.3), as the page and its server actions see them:
// the user code typed (or passed in verification_uri_complete), then Allow or Deny.
import { z } from "zod";
import type { FormState } from "./form-state";

export const userCodeSchema = z
  .string({ error: "Enter the code your device shows" })
  .trim()
  .min(1, "Enter the code your device shows")
  .max(40, "A code is 8 letters, like BCDF-GHJK");

export const deviceCodeFormSchema = z.object({ userCode: userCodeSchema });

export const deviceAnswerFormSchema = z.object({
  userCode: userCodeSchema,
  answer: z.enum(["allow", "deny"], { error: "Choose Allow or Deny" }),
});

/** One scope as the user is asked about it (lib/oauth/consent.ts consentScopes). */
export interface DeviceScopeView {
  scope: string;
  description: string;
  granted: boolean;
}

/** What the code form hands the page once the code names a pending request. */
export interface DeviceRequestView {
  userCode: string;
  appName: string;
  scopes: DeviceScopeView[];
  canAllow: boolean;
}

export type DeviceCodeFormState = FormState<"userCode", DeviceRequestView>;
export type DeviceAnswerFormState = FormState<"userCode", { answer: "allow" | "deny"; appName: string }>;

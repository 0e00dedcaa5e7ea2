// What a super admin submits for an endpoint, parsed at every boundary (the form's action and
// lib/webhooks itself). The URL's network rules need the install's settings, so they are
// checked by checkEndpointUrl beside this schema, not inside it.
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "../webhook-outbox/events";
import { MAX_ENDPOINT_URL_LENGTH } from "./endpoint-url";

export const MAX_DESCRIPTION_LENGTH = 200;

export const endpointInputSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, "Enter the URL that receives the events.")
    .max(MAX_ENDPOINT_URL_LENGTH, `Use at most ${MAX_ENDPOINT_URL_LENGTH} characters.`),
  description: z
    .string()
    .trim()
    .max(MAX_DESCRIPTION_LENGTH, `Use at most ${MAX_DESCRIPTION_LENGTH} characters.`)
    .default(""),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]], { error: "Choose events from the list." }))
    .min(1, "Choose at least one event."),
});

export type EndpointInput = z.input<typeof endpointInputSchema>;

export const webhookIdSchema = z.string().trim().min(1).max(100);

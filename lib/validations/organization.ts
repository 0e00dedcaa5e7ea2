// An advertiser or a publisher as the network describes it (Invoca's network API): its own id
// (`id_from_network`), a name unique within the network, and an approval status. One schema
// for the Advertisers and Publishers forms, their server actions and the API's POST and PUT.
import { z } from "zod";
import { APPROVAL_STATUSES } from "./organization-values";
import { singleLineText } from "./text";

// The names and values without zod, for client components (zod in a browser bundle probes
// for eval, which the Content-Security-Policy reports).
export * from "./organization-values";

/**
 * Letters, digits, "-" and "_", up to 64: it is the last segment of an API path
 * (`/advertisers/{id_from_network}.json`), so nothing that needs escaping in a URL. The ids
 * Keyward generated before network ids existed (cuids) fit too.
 */
export const ID_FROM_NETWORK_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const idFromNetworkSchema = z
  .string({ error: "Enter the ID from network" })
  .trim()
  .min(1, { error: "Enter the ID from network", abort: true })
  .max(64, { error: "Use at most 64 characters", abort: true })
  .regex(ID_FROM_NETWORK_PATTERN, "Use letters, digits, - and _ only (it is part of the API's URLs)");

export const organizationNameSchema = singleLineText(
  {
    notText: "Enter a name",
    required: "Enter a name",
    tooLong: "Use at most 200 characters",
  },
  200,
);

export const approvalStatusSchema = z.enum(APPROVAL_STATUSES, {
  error: `Choose one of ${APPROVAL_STATUSES.join(", ")}`,
});

/** The Advertisers and Publishers forms (create and edit). */
export const organizationFormSchema = z.object({
  idFromNetwork: idFromNetworkSchema,
  name: organizationNameSchema,
  approvalStatus: approvalStatusSchema,
});
export type OrganizationInput = z.output<typeof organizationFormSchema>;

/**
 * The API's POST and PUT body: the full representation, keyed by the path's id_from_network.
 * `name` is required; `approval_status` left out keeps the current one (Approved for a new one),
 * so the seed's `{"name": …}` never un-archives anything. The read-only fields a GET answers
 * with (`id`, `created_at`, `updated_at`) are accepted and ignored, so a client can send back
 * what it read; `id_from_network`, when given, must be the path's.
 */
export const organizationBodySchema = z
  .object({
    // The API's messages name the JSON field, as a client reads them in an error_description.
    name: singleLineText(
      {
        missing: "name is required",
        notText: "name must be a string",
        required: "name must not be empty",
        tooLong: "name has at most 200 characters",
        invalid: "name must be visible text: no control characters or line breaks",
        malformed: "name must be well-formed Unicode: no unpaired UTF-16 surrogate (such as \\ud800)",
      },
      200,
    ),
    approval_status: z
      .enum(APPROVAL_STATUSES, { error: `approval_status must be one of ${APPROVAL_STATUSES.join(", ")}` })
      .optional(),
    id_from_network: z.string({ error: "id_from_network must be a string" }).optional(),
    id: z.unknown().optional(),
    created_at: z.unknown().optional(),
    updated_at: z.unknown().optional(),
  })
  .strict();

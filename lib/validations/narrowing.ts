// The Permissions section of a new personal credential or auth token, as submitted: off (the
// owner's privileges), or a level per resource type and, per organization kind, all or only the
// chosen ones. What the owner may be given is decided on the server with the owner known
// (lib/credentials/narrowing.ts); this schema checks only the shape.
import { z } from "zod";
import {
  ACCESS_LEVELS,
  chosenField,
  levelField,
  NARROW_FIELD,
  reachField,
  RESOURCE_TYPES,
  type AccessLevel,
  type ResourceType,
} from "../access/narrowing";
import { formText, formTexts } from "./form-data";

const levelSchema = z.enum(ACCESS_LEVELS, { error: "Choose No access, Read-only or Read and write" });
const chosenSchema = z
  .array(z.string().trim().min(1).max(100), { error: "Choose from the list" })
  .max(500, { error: "Choose at most 500" })
  .transform((ids) => [...new Set(ids)]);

export const narrowingSchema = z
  .object({
    levels: z.object(
      Object.fromEntries(RESOURCE_TYPES.map((resource) => [resource, levelSchema])) as Record<
        ResourceType,
        typeof levelSchema
      >,
    ),
    /** null: all the owner reaches. */
    advertisers: chosenSchema.nullable(),
    publishers: chosenSchema.nullable(),
  })
  .nullable()
  .optional()
  .transform((value) => value ?? null);
export type NarrowingInput = {
  levels: Record<ResourceType, AccessLevel | string>;
  advertisers: string[] | null;
  publishers: string[] | null;
} | null;
export type Narrowing = z.output<typeof narrowingSchema>;

/** The section's fields as the schema's input; null when the section was left off. */
export function narrowingFromForm(formData: FormData): NarrowingInput {
  if (formText(formData.get(NARROW_FIELD)) !== "on") return null;
  const levels = Object.fromEntries(
    RESOURCE_TYPES.map((resource) => [resource, formText(formData.get(levelField(resource))) ?? "none"]),
  ) as Record<ResourceType, string>;
  const chosen = (kind: "advertiser" | "publisher") =>
    formText(formData.get(reachField(kind))) === "chosen" ? formTexts(formData, chosenField(kind)) : null;
  return { levels, advertisers: chosen("advertiser"), publishers: chosen("publisher") };
}

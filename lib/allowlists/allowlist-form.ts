// The IP allowlist form (a credential's detail page, API Settings, an OAuth app): the ranges
// as typed, the "Report only" checkbox and which button was pressed. Validated here, at the
// boundary, into the ranges to store; every bad entry is named under the textarea.
import { z } from "zod";
import { MAX_ALLOWLIST_TEXT, parseAllowlistText } from "./allowlist-text";
import type { IpRange } from "./ip-range";

export interface AllowlistInput {
  /** Empty: no list (requests accepted from anywhere, or the next level's list applies). */
  ranges: IpRange[];
  reportOnly: boolean;
}

export const allowlistFormSchema = z
  .object({
    intent: z.enum(["save", "clear"], { error: "Choose Save or Clear" }),
    ranges: z
      .string()
      .max(MAX_ALLOWLIST_TEXT, { error: "The list is too long" })
      .nullish()
      .transform((text) => text ?? ""),
    // An HTML checkbox sends "on" when ticked and nothing when not.
    reportOnly: z
      .literal("on")
      .nullish()
      .transform((value) => value === "on"),
  })
  .transform((form, context): AllowlistInput => {
    if (form.intent === "clear") return { ranges: [], reportOnly: false };
    const parsed = parseAllowlistText(form.ranges);
    if (!parsed.ok) {
      for (const message of parsed.errors) context.addIssue({ code: "custom", path: ["ranges"], message });
      return z.NEVER;
    }
    return { ranges: parsed.ranges, reportOnly: parsed.ranges.length > 0 && form.reportOnly };
  });

export type AllowlistFormField = "ranges" | "reportOnly" | "intent";

/** What the form shows again: the ranges one per line and the checkbox. */
export interface AllowlistView {
  ranges: string[];
  reportOnly: boolean;
}

// What a leak report looks like at the door: GitHub's secret scanning partner format, a JSON
// array of {token, type, url, source} (one entry per secret found; GitHub may batch several).
// Bounded so a public endpoint cannot be made to do unbounded work: the body's bytes (the
// reader refuses more with a 413) and the number of tokens per report.
import { z } from "zod";

/** Tokens per report: GitHub batches matches, but a report of more is refused with a 400. */
export const MAX_TOKENS_PER_REPORT = 100;
/** The body's ceiling in bytes (a Keyward secret is 45 characters; a URL at most 2,048). */
export const LEAK_REPORT_BODY_LIMIT_BYTES = 256 * 1024;

export const leakedTokenSchema = z.object({
  /** The secret as found. Any string: a wrong one is a false positive, not a bad request. */
  token: z.string().min(1).max(1024),
  /** The partner's name for the pattern that matched (e.g. keyward_personal_credential). */
  type: z.string().max(200).optional().default(""),
  /** Where the secret was found (a commit, an issue, a gist, a package). */
  url: z.string().max(2048).optional().default(""),
  /** What kind of place that is (content, commit, issue_comment, npm, ...). */
  source: z.string().max(100).optional().default(""),
});
export type LeakedToken = z.infer<typeof leakedTokenSchema>;

export const leakReportSchema = z.array(leakedTokenSchema).min(1).max(MAX_TOKENS_PER_REPORT);

/** The label the partner API answers with for each token. */
export type LeakLabel = "true_positive" | "false_positive";

/**
 * One entry of the answer, as GitHub's partner API reads it: the token named by its SHA-256
 * (never echoed raw), the type it was reported as, and whether it is a real Keyward secret.
 */
export interface LeakFeedback {
  token_hash: string;
  token_type: string;
  label: LeakLabel;
}

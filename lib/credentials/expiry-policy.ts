// Expiry policies: per account and per kind created by a form (pat, at, key), the longest
// lifetime a NEW credential may get, or no maximum. Set by that account's super admins and
// audited in that account. The create forms, Create replacement and every other way in check
// a chosen date here; a credential created before a policy keeps its date (nothing here
// touches existing rows).
import { z } from "zod";
import { recordAudit, type Actor, type RequestContext } from "../audit";
import type { Db, Tx } from "../db";
import { CredentialRuleError } from "./errors";
import { calendarDay, daysFromToday, MAX_POLICY_DAYS } from "./expiry-days";
import type { CredentialKind } from "./kind";
import { apiKey } from "./kinds/api-key";
import { authToken } from "./kinds/auth-token";
import { personalCredential } from "./kinds/personal-credential";

/** The kinds a policy applies to: those a person creates with a form, in the order the screen lists them. */
export const POLICY_KINDS = [personalCredential, authToken, apiKey] as const;
export type PolicyKindCode = (typeof POLICY_KINDS)[number]["code"];

/** The longest lifetime in days of a new credential of each kind; null: no maximum. */
export type ExpiryPolicies = Record<PolicyKindCode, number | null>;

const COLUMN = { pat: "maxDaysPat", at: "maxDaysAt", key: "maxDaysKey" } as const satisfies Record<
  PolicyKindCode,
  string
>;

const SELECT = { maxDaysPat: true, maxDaysAt: true, maxDaysKey: true } as const;

export function isPolicyKind(code: string): code is PolicyKindCode {
  return code in COLUMN;
}

export const maxDaysSchema = z
  .number({ error: "Enter a number of days" })
  .int({ error: "Enter a whole number of days" })
  .min(1, { error: "Enter at least 1 day" })
  .max(MAX_POLICY_DAYS, { error: `Enter at most ${MAX_POLICY_DAYS} days, or choose No maximum` })
  .nullable();

export const expiryPoliciesSchema = z.object({ pat: maxDaysSchema, at: maxDaysSchema, key: maxDaysSchema });

/**
 * The settings form: per kind, "none", a preset ("7", "30", ...) or "custom" with the days in
 * `<kind>Days`. Field errors are keyed by the days field, next to which the form shows them.
 */
export function expiryPoliciesFromForm(
  read: (name: string) => string,
): { ok: true; policies: ExpiryPolicies } | { ok: false; errors: Partial<Record<string, string[]>> } {
  const policies: Partial<ExpiryPolicies> = {};
  const errors: Record<string, string[]> = {};
  for (const { code } of POLICY_KINDS) {
    const choice = read(`${code}Choice`).trim();
    if (choice === "none" || choice === "") {
      policies[code] = null;
      continue;
    }
    const text = choice === "custom" ? read(`${code}Days`).trim() : choice;
    const parsed = maxDaysSchema.safeParse(/^\d{1,6}$/.test(text) ? Number(text) : Number.NaN);
    if (parsed.success) policies[code] = parsed.data;
    else errors[`${code}Days`] = parsed.error.issues.map((issue) => issue.message);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, policies: expiryPoliciesSchema.parse(policies) };
}

function fromRow(row: { maxDaysPat: number | null; maxDaysAt: number | null; maxDaysKey: number | null }) {
  return { pat: row.maxDaysPat, at: row.maxDaysAt, key: row.maxDaysKey } satisfies ExpiryPolicies;
}

export async function readExpiryPolicies(client: Db | Tx, accountId: string): Promise<ExpiryPolicies> {
  return fromRow(await client.account.findUniqueOrThrow({ where: { id: accountId }, select: SELECT }));
}

/** The maximum for one kind in one account, read inside the issuing transaction. */
export async function maxDaysFor(client: Db | Tx, accountId: string, kind: PolicyKindCode): Promise<number | null> {
  return (await readExpiryPolicies(client, accountId))[kind];
}

/** Callers pass the signed-in super admin's own account, never one named by the request. */
export async function updateExpiryPolicies(
  client: Db,
  accountId: string,
  policies: ExpiryPolicies,
  actor: Actor,
  context: RequestContext,
): Promise<ExpiryPolicies> {
  const next = expiryPoliciesSchema.parse(policies);
  return client.$transaction(async (tx) => {
    const before = await readExpiryPolicies(tx, accountId);
    const data = { maxDaysPat: next.pat, maxDaysAt: next.at, maxDaysKey: next.key };
    const saved = fromRow(await tx.account.update({ where: { id: accountId }, data, select: SELECT }));
    await recordAudit(tx, {
      actor,
      accountId,
      action: "settings.updated",
      target: { type: "settings", label: "expiry policy" },
      context,
      details: Object.fromEntries(
        POLICY_KINDS.map(({ code, label }) => [
          label,
          `${describeMaxDays(before[code])} → ${describeMaxDays(saved[code])}`,
        ]),
      ),
    });
    return saved;
  });
}

export function describeMaxDays(maxDays: number | null): string {
  if (maxDays === null) return "no maximum";
  return maxDays === 1 ? "at most 1 day" : `at most ${maxDays} days`;
}

/** The latest date a credential created now may expire under the policy: its day N days from today. */
export function latestAllowedExpiry(maxDays: number, now: Date): Date {
  return daysFromToday(maxDays, now);
}

/**
 * Refuses a chosen expiry the policy does not allow: none ("never") when there is a maximum,
 * or a date beyond it. A field error on `field`, next to the Expiration Date.
 */
export function assertWithinPolicy(
  kind: Pick<CredentialKind, "label">,
  maxDays: number | null,
  expiresAt: Date | null,
  now: Date,
  field = "expirationDate",
): void {
  if (maxDays === null) return;
  const latest = latestAllowedExpiry(maxDays, now);
  if (expiresAt === null)
    throw new CredentialRuleError(
      `Your account's policy allows an ${kind.label.toLowerCase()} to live at most ${maxDays} days: choose an expiration date on or before ${calendarDay(latest)}.`,
      field,
    );
  if (expiresAt.getTime() > latest.getTime())
    throw new CredentialRuleError(
      `Your account's policy allows at most ${maxDays} days: choose ${calendarDay(latest)} or earlier.`,
      field,
    );
}

/** What a create form needs to offer the right presets: the kind's maximum and the latest day it allows. */
export interface ExpiryLimit {
  maxDays: number | null;
  /** YYYY-MM-DD of the latest allowed date, or null when there is no maximum. */
  latestDay: string | null;
}

export function expiryLimit(maxDays: number | null, now: Date): ExpiryLimit {
  return { maxDays, latestDay: maxDays === null ? null : calendarDay(latestAllowedExpiry(maxDays, now)) };
}

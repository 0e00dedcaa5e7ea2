// The Audit Log page's search parameters (a GET form, so a filtered view is a shareable
// URL): actor, action, from, to, credential (one credential's events, by its id: the link
// from its detail page), and the keyset cursor of the page (before / after).
// Each field is checked on its own, so the form can put each error next to its field.
import { z } from "zod";
import { AUDIT_ACTIONS, AUDIT_ACTION_NAMES, type AuditAction } from "../audit";
import { parseCalendarDay } from "../validations/calendar-day";
import { emailSchema } from "../validations/user";

export type SearchParams = Record<string, string | string[] | undefined>;

/** Actor labels that are not an email address (lib/audit.ts SYSTEM_ACTOR, and "anonymous"). */
export const NON_EMAIL_ACTORS = ["system", "anonymous"] as const;

const ACTOR_ERROR = 'Enter the full email address of the actor, or "system".';

/**
 * The actor is matched exactly (emails are stored lower-cased), so that an index serves it;
 * a partial match ("alice") could not use one on both databases, and is refused with a
 * message rather than silently returning nothing.
 */
export const actorFilterSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "An email address has at most 254 characters.")
  .refine(
    (value) => (NON_EMAIL_ACTORS as readonly string[]).includes(value) || emailSchema.safeParse(value).success,
    ACTOR_ERROR,
  );

export const actionFilterSchema = z.enum(AUDIT_ACTION_NAMES as [AuditAction, ...AuditAction[]], {
  error: "Choose an action from the list.",
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar day as YYYY-MM-DD (what <input type="date"> sends), as its 00:00 UTC. */
export function dayFilterSchema(field: "From" | "To") {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      // The browser clears a date field it cannot show, so the message repeats the value.
      const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      const day = parseCalendarDay(value);
      if (day instanceof Date) return day;
      ctx.addIssue({
        code: "custom",
        message:
          day === "format"
            ? `${field}: "${shown}" is not a date. Use YYYY-MM-DD, for example 2026-11-03.`
            : `${field}: ${shown} is not a day in the calendar.`,
      });
      return z.NEVER;
    });
}

/** A credential's id as events name it (lib/audit.ts targetId): a cuid, never a secret or a hint. */
export const credentialFilterSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "That credential link is not valid; open the credential from Credentials.");

export interface AuditFilters {
  actor?: string;
  /** Only the events whose target is this credential (its id). */
  credential?: string;
  action?: AuditAction;
  /** Inclusive lower bound: 00:00:00 UTC of the From day. */
  from?: Date;
  /** Exclusive upper bound: 00:00:00 UTC of the day after the To day, so To is inclusive. */
  toExclusive?: Date;
}

/** A position in the log: the (createdAt, id) of a row; pages are read before or after it. */
export interface AuditCursor {
  direction: "before" | "after";
  createdAt: Date;
  id: string;
}

export type AuditFilterField = "actor" | "action" | "from" | "to" | "credential";

export interface AuditLogQuery {
  filters: AuditFilters;
  cursor: AuditCursor | null;
  /** What the form shows back: the values as typed, also when they were refused. */
  values: Record<AuditFilterField, string>;
  /** One message per refused field. When any is set, the page lists nothing. */
  errors: Partial<Record<AuditFilterField, string>>;
  /** Set when a before/after value was not a cursor this app makes (hand-edited URL). */
  cursorError?: string;
}

/**
 * 00:00 UTC of the next day: the exclusive end that makes To inclusive. None after
 * 9999-12-31: year 10000 would be written "+010000-…", which sorts before every date in
 * SQLite's text timestamps, and nothing is that late anyway.
 */
function dayAfter(day: Date): Date | undefined {
  const next = new Date(day.getTime() + DAY_MS);
  return next.getUTCFullYear() > 9999 ? undefined : next;
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** `${createdAt in ms}_${id}`: compact, exact to the millisecond both databases store. */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return `${row.createdAt.getTime()}_${row.id}`;
}

const cursorSchema = z
  .string()
  .regex(/^\d{1,15}_[A-Za-z0-9-]{1,64}$/)
  .transform((value) => {
    const separator = value.indexOf("_");
    return { createdAt: new Date(Number(value.slice(0, separator))), id: value.slice(separator + 1) };
  })
  .refine((cursor) => !Number.isNaN(cursor.createdAt.getTime()));

function parseField<T>(schema: z.ZodType<T>, raw: string): { value?: T; error?: string } {
  if (raw.trim() === "") return {};
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  return { error: parsed.error.issues[0]?.message ?? "This value is not valid." };
}

export function parseAuditLogSearchParams(params: SearchParams): AuditLogQuery {
  const values = {
    actor: first(params.actor),
    action: first(params.action),
    from: first(params.from),
    to: first(params.to),
    credential: first(params.credential),
  };
  const actor = parseField(actorFilterSchema, values.actor);
  const action = parseField(actionFilterSchema, values.action);
  const from = parseField(dayFilterSchema("From"), values.from);
  const to = parseField(dayFilterSchema("To"), values.to);
  const credential = parseField(credentialFilterSchema, values.credential);
  const errors: AuditLogQuery["errors"] = {};
  if (actor.error) errors.actor = actor.error;
  if (action.error) errors.action = action.error;
  if (from.error) errors.from = from.error;
  if (to.error) errors.to = to.error;
  if (credential.error) errors.credential = credential.error;
  if (from.value && to.value && to.value < from.value) errors.to = "To: choose the same day as From, or a later one.";

  let cursor: AuditCursor | null = null;
  let cursorError: string | undefined;
  const before = first(params.before);
  const after = first(params.after);
  if (before || after) {
    const parsed = cursorSchema.safeParse(before || after);
    if (parsed.success) cursor = { direction: before ? "before" : "after", ...parsed.data };
    else cursorError = "That page link is not valid; showing the newest events.";
  }

  return {
    filters: {
      actor: actor.value,
      action: action.value,
      credential: credential.value,
      from: from.value,
      toExclusive: to.value ? dayAfter(to.value) : undefined,
    },
    cursor,
    values,
    errors,
    cursorError,
  };
}

/** The filters as search params, for links that keep them (pagination, "by this actor"). */
export function filterSearchParams(
  values: Record<AuditFilterField, string>,
  extra: Record<string, string> = {},
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...values, ...extra })) {
    if (value.trim() !== "") params.set(key, value.trim());
  }
  return params;
}

export function actionLabel(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}

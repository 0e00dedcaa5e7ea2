// A calendar day written YYYY-MM-DD (what <input type="date"> sends), read as its 00:00 UTC.
// One parser for every form that takes a day, so "2026-02-30" is refused the same way everywhere.

export type CalendarDayProblem = "format" | "not_a_day";

/** The day's 00:00 UTC, or why the text is not a day: not YYYY-MM-DD, or no such day (2026-02-30). */
export function parseCalendarDay(value: string): Date | CalendarDayProblem {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return "format";
  const date = new Date(`${value}T00:00:00.000Z`);
  // Date rolls 2026-02-30 over to March; a round trip catches that.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return "not_a_day";
  return date;
}

// Property-based proof of the Audit Log's search parameters: whatever a hand-edited URL
// holds, parsing answers with filters, per-field messages and the values as typed (never a
// throw), and what it accepts means what it says (days round-trip, To is inclusive, the
// cursor is the row it was made from).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_NAMES } from "../audit";
import { encodeCursor, filterSearchParams, parseAuditLogSearchParams, type SearchParams } from "./filters";

const RUNS = { numRuns: 10_000 };
const DAY_MS = 86_400_000;

const cursorId = fc.string({
  unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"),
  minLength: 1,
  maxLength: 64,
});
const day = fc
  .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const fieldValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  day,
  fc.constantFrom(
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    " 2026-11-03 ",
    "system",
    "anonymous",
    "SYSTEM",
    "a@b.test",
    "alice",
    ...AUDIT_ACTION_NAMES.slice(0, 5),
  ),
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(..."abcXYZ.+-_1"), minLength: 1, maxLength: 8 }),
      fc.constantFrom("example.test", "b.test", "x", ""),
    )
    .map(([local, domain]) => `${local}@${domain}`),
);
const cursorValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.tuple(fc.nat({ max: 999_999_999_999_999 }), cursorId).map(([ms, id]) => `${ms}_${id}`),
);
const param = (value: fc.Arbitrary<string>) =>
  fc.oneof(fc.constant(undefined), value, fc.array(value, { maxLength: 3 }));
const params: fc.Arbitrary<SearchParams> = fc.record(
  {
    actor: param(fieldValue),
    action: param(fieldValue),
    from: param(fieldValue),
    to: param(fieldValue),
    credential: param(fieldValue),
    before: param(cursorValue),
    after: param(cursorValue),
    other: param(fieldValue),
  },
  { requiredKeys: [] },
);
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

describe("parseAuditLogSearchParams (property-based)", () => {
  it("answers any search parameters with filters or per-field messages, never a throw", () => {
    fc.assert(
      fc.property(params, (input) => {
        const query = parseAuditLogSearchParams(input);
        expect(query.values).toEqual({
          actor: first(input.actor),
          action: first(input.action),
          from: first(input.from),
          to: first(input.to),
          credential: first(input.credential),
        });
        for (const message of Object.values(query.errors))
          expect(typeof message === "string" && message.length > 0).toBe(true);
        const { from, toExclusive, actor, action } = query.filters;
        if (from) {
          expect(from.getTime() % DAY_MS === 0).toBe(true);
          expect(from.toISOString().slice(0, 10)).toBe(query.values.from.trim());
        }
        if (toExclusive) {
          expect(toExclusive.getTime() % DAY_MS === 0).toBe(true);
          expect(new Date(toExclusive.getTime() - DAY_MS).toISOString().slice(0, 10)).toBe(query.values.to.trim());
          if (from && !query.errors.to) expect(toExclusive.getTime()).toBeGreaterThan(from.getTime());
        }
        if (actor !== undefined) expect(actor).toBe(query.values.actor.trim().toLowerCase());
        if (action !== undefined) expect(AUDIT_ACTION_NAMES).toContain(action);
        if (query.cursor) {
          expect(Number.isNaN(query.cursor.createdAt.getTime())).toBe(false);
          expect(query.cursorError).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it("round-trips any calendar day, the To day inclusive, and a page cursor", () => {
    fc.assert(
      fc.property(
        day,
        day,
        fc.date({ min: new Date(0), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }),
        cursorId,
        (a, b, createdAt, id) => {
          const [fromDay, toDay] = a <= b ? [a, b] : [b, a];
          const query = parseAuditLogSearchParams({
            from: fromDay,
            to: toDay,
            before: encodeCursor({ createdAt, id }),
          });
          expect(query.errors).toEqual({});
          expect(query.filters.from?.toISOString().slice(0, 10)).toBe(fromDay);
          if (toDay < "9999-12-31")
            expect(query.filters.toExclusive?.getTime()).toBe(new Date(`${toDay}T00:00:00.000Z`).getTime() + DAY_MS);
          expect(query.cursor).toEqual({ direction: "before", createdAt, id });
          // The links the page builds keep the filters as they were.
          const again = parseAuditLogSearchParams(Object.fromEntries(filterSearchParams(query.values)));
          expect(again.filters).toEqual(query.filters);
        },
      ),
      RUNS,
    );
  });
});

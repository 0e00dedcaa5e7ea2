import { describe, expect, it } from "vitest";
import { encodeCursor, filterSearchParams, parseAuditLogSearchParams } from "./filters";

describe("audit log search params", () => {
  it("reads no filter from an empty or blank query (the form sends empty fields)", () => {
    for (const params of [{}, { actor: "", action: "", from: "", to: "" }, { actor: "  " }]) {
      const query = parseAuditLogSearchParams(params);
      expect(query.errors).toEqual({});
      expect(query.filters).toEqual({ actor: undefined, action: undefined, from: undefined, toExclusive: undefined });
      expect(query.cursor).toBeNull();
    }
  });

  it("takes an actor email case-insensitively, or system", () => {
    expect(parseAuditLogSearchParams({ actor: "  Alice@Example.TEST " }).filters.actor).toBe("alice@example.test");
    expect(parseAuditLogSearchParams({ actor: "System" }).filters.actor).toBe("system");
    const partial = parseAuditLogSearchParams({ actor: "alice" });
    expect(partial.errors.actor).toBe('Enter the full email address of the actor, or "system".');
    expect(partial.filters.actor).toBeUndefined();
    expect(partial.values.actor).toBe("alice");
    expect(parseAuditLogSearchParams({ actor: `${"a".repeat(250)}@example.test` }).errors.actor).toMatch(/at most 254/);
  });

  it("takes only the actions of the list", () => {
    expect(parseAuditLogSearchParams({ action: "auth.sign_in_failed" }).filters.action).toBe("auth.sign_in_failed");
    expect(parseAuditLogSearchParams({ action: "auth.everything" }).errors.action).toBe(
      "Choose an action from the list.",
    );
  });

  it("reads From and To as whole UTC days, both included", () => {
    const query = parseAuditLogSearchParams({ from: "2026-03-10", to: "2026-03-20" });
    expect(query.errors).toEqual({});
    expect(query.filters.from?.toISOString()).toBe("2026-03-10T00:00:00.000Z");
    expect(query.filters.toExclusive?.toISOString()).toBe("2026-03-21T00:00:00.000Z");
    const oneDay = parseAuditLogSearchParams({ from: "2024-02-29", to: "2024-02-29" });
    expect(oneDay.filters.toExclusive?.toISOString()).toBe("2024-03-01T00:00:00.000Z");
    // No upper bound after the last day a timestamp can hold.
    expect(parseAuditLogSearchParams({ to: "9999-12-31" }).filters.toExclusive).toBeUndefined();
  });

  it("refuses a malformed or impossible date with a message naming the field and the value", () => {
    expect(parseAuditLogSearchParams({ from: "yesterday" }).errors.from).toBe(
      'From: "yesterday" is not a date. Use YYYY-MM-DD, for example 2026-11-03.',
    );
    expect(parseAuditLogSearchParams({ to: "2026-02-30" }).errors.to).toBe(
      "To: 2026-02-30 is not a day in the calendar.",
    );
    expect(parseAuditLogSearchParams({ from: "2026-13-01" }).errors.from).toMatch(/not a day in the calendar/);
    expect(parseAuditLogSearchParams({ from: "03/10/2026" }).errors.from).toMatch(/not a date/);
  });

  it("refuses a To before From, on the To field", () => {
    const query = parseAuditLogSearchParams({ from: "2026-03-10", to: "2026-03-09" });
    expect(query.errors).toEqual({ to: "To: choose the same day as From, or a later one." });
  });

  it("checks each field on its own and uses the first value of a repeated one", () => {
    const query = parseAuditLogSearchParams({
      actor: "bob@example.test",
      action: ["user.created", "user.updated"],
      from: "nope",
    });
    expect(query.errors).toEqual({ from: expect.stringContaining("From:") });
    expect(query.filters.actor).toBe("bob@example.test");
    expect(query.filters.action).toBe("user.created");
  });

  it("round-trips a cursor and refuses a hand-edited one without failing", () => {
    const row = { createdAt: new Date("2026-11-03T10:00:00.123Z"), id: "cmabc123def456" };
    const before = parseAuditLogSearchParams({ before: encodeCursor(row) });
    expect(before.cursor).toEqual({ direction: "before", ...row });
    expect(parseAuditLogSearchParams({ after: encodeCursor(row) }).cursor?.direction).toBe("after");
    for (const bad of ["x", "123", "_abc", "12_<script>", "99999999999999999_a"]) {
      const query = parseAuditLogSearchParams({ before: bad });
      expect(query.cursor).toBeNull();
      expect(query.cursorError).toMatch(/not valid/);
    }
  });

  it("builds links that keep the filters and drop empty ones", () => {
    const params = filterSearchParams(
      { actor: "a@b.test", action: "", from: "2026-01-01", to: " ", credential: "" },
      { before: "1_x" },
    );
    expect(params.toString()).toBe("actor=a%40b.test&from=2026-01-01&before=1_x");
  });

  it("takes one credential by its id, keeps it in links, and refuses anything that is not an id", () => {
    const query = parseAuditLogSearchParams({ credential: " cmabc123xyz " });
    expect(query.errors).toEqual({});
    expect(query.filters.credential).toBe("cmabc123xyz");
    expect(filterSearchParams(query.values).toString()).toBe("credential=cmabc123xyz");
    for (const bad of ["kw_pat_…a1b2", "a b", "x".repeat(65), "'; drop"]) {
      const refused = parseAuditLogSearchParams({ credential: bad });
      expect(refused.filters.credential).toBeUndefined();
      expect(refused.errors.credential).toMatch(/credential link is not valid/);
    }
  });
});

import { describe, expect, it } from "vitest";
import { parseCalendarDay } from "./calendar-day";

describe("parseCalendarDay", () => {
  it("reads a day as its 00:00 UTC", () => {
    expect(parseCalendarDay("2026-11-03")).toEqual(new Date("2026-11-03T00:00:00.000Z"));
    expect(parseCalendarDay("2028-02-29")).toEqual(new Date("2028-02-29T00:00:00.000Z"));
  });

  it("refuses text that is not YYYY-MM-DD", () => {
    for (const value of ["2026-1-03", "03/11/2026", "2026-11-03T00:00", "", " 2026-11-03", "２０２６-11-03"]) {
      expect(parseCalendarDay(value)).toBe("format");
    }
  });

  it("refuses days the calendar does not have instead of rolling them over", () => {
    for (const value of ["2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"]) {
      expect(parseCalendarDay(value)).toBe("not_a_day");
    }
  });
});

import { describe, expect, it } from "vitest";
import { appliedRateLimit, rateLimitFromForm } from "./policy";

const form = (fields: Record<string, string>) => (name: string) => fields[name] ?? "";

describe("the rate-limit form", () => {
  it("reads a limit and a window, or no limit", () => {
    expect(rateLimitFromForm(form({ mode: "own", limit: " 120 ", window: "minute" }))).toEqual({
      ok: true,
      policy: { limit: 120, window: "minute" },
    });
    expect(rateLimitFromForm(form({ mode: "default", limit: "abc" }))).toEqual({ ok: true, policy: null });
  });

  it("puts each error under its field", () => {
    expect(rateLimitFromForm(form({ mode: "own", limit: "", window: "minute" }))).toEqual({
      ok: false,
      errors: { limit: ["Enter a number of requests"] },
    });
    expect(rateLimitFromForm(form({ mode: "own", limit: "1.5", window: "week" }))).toEqual({
      ok: false,
      errors: { limit: ["Enter a number of requests"], window: ["Choose per second, per minute or per hour"] },
    });
    expect(rateLimitFromForm(form({ mode: "own", limit: "0", window: "hour" }))).toMatchObject({
      errors: { limit: ["Enter at least 1 request"] },
    });
    expect(rateLimitFromForm(form({ mode: "own", limit: "2000000", window: "hour" }))).toMatchObject({
      errors: { limit: ["Enter at most 1,000,000 requests"] },
    });
  });
});

describe("which limit applies", () => {
  const base = { id: "c1", accountId: "acc", app: null, accountDefault: null, own: null };
  it("its own, else the account default, each counted per credential", () => {
    expect(
      appliedRateLimit({ ...base, own: { limit: 5, window: "second" }, accountDefault: { limit: 9, window: "hour" } }),
    ).toEqual({
      limit: 5,
      window: "second",
      subject: "acc:c:c1",
    });
    expect(appliedRateLimit({ ...base, accountDefault: { limit: 9, window: "hour" } })).toEqual({
      limit: 9,
      window: "hour",
      subject: "acc:c:c1",
    });
    expect(appliedRateLimit(base)).toBeNull();
  });
  it("an access token: its app's, else the default, counted for the whole app", () => {
    expect(appliedRateLimit({ ...base, app: { id: "app1", policy: { limit: 3, window: "minute" } } })).toEqual({
      limit: 3,
      window: "minute",
      subject: "acc:app:app1",
    });
    expect(
      appliedRateLimit({ ...base, app: { id: "app1", policy: null }, accountDefault: { limit: 7, window: "minute" } }),
    ).toEqual({ limit: 7, window: "minute", subject: "acc:app:app1" });
  });
});

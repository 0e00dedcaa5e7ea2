import { describe, expect, it } from "vitest";
import { isPasswordExpired } from "./password-expiry";

const DAY_MS = 24 * 60 * 60 * 1000;
const now = new Date("2026-11-20T12:00:00.000Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

describe("password expiry", () => {
  it("expires a web user's password once it is older than the maximum age, not before", () => {
    expect(isPasswordExpired({ isApiUser: false, passwordChangedAt: daysAgo(89) }, now, 90)).toBe(false);
    expect(isPasswordExpired({ isApiUser: false, passwordChangedAt: daysAgo(90) }, now, 90)).toBe(false);
    expect(
      isPasswordExpired({ isApiUser: false, passwordChangedAt: new Date(daysAgo(90).getTime() - 1000) }, now, 90),
    ).toBe(true);
    expect(isPasswordExpired({ isApiUser: false, passwordChangedAt: daysAgo(400) }, now, 90)).toBe(true);
  });

  it("never expires passwords when the maximum age is 0 (the default)", () => {
    expect(isPasswordExpired({ isApiUser: false, passwordChangedAt: daysAgo(10_000) }, now, 0)).toBe(false);
  });

  it("exempts API users (TrackVia)", () => {
    expect(isPasswordExpired({ isApiUser: true, passwordChangedAt: daysAgo(400) }, now, 90)).toBe(false);
    expect(isPasswordExpired({ isApiUser: true, passwordChangedAt: daysAgo(400) }, now, 1)).toBe(false);
  });

  it("does not treat a change time in the future (clock skew between instances) as expired", () => {
    expect(isPasswordExpired({ isApiUser: false, passwordChangedAt: daysAgo(-1) }, now, 1)).toBe(false);
  });
});

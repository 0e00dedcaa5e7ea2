import { describe, expect, it } from "vitest";
import { safeLocalPath, sameSiteRedirect } from "./local-path";

describe("safeLocalPath", () => {
  it("keeps paths on Keyward, with their query", () => {
    expect(safeLocalPath("/oauth2/authorize?client_id=kwc_1&scope=users%3Aread")).toBe(
      "/oauth2/authorize?client_id=kwc_1&scope=users%3Aread",
    );
    expect(safeLocalPath("/")).toBe("/");
  });

  it("refuses what a browser would take to another site, and anything odd", () => {
    for (const value of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example",
      "evil",
      "",
      "/a b",
      "/a\nb",
      42,
      null,
      `/${"a".repeat(5000)}`,
    ]) {
      expect(safeLocalPath(value), String(value)).toBeNull();
    }
  });
});

describe("sameSiteRedirect (next-auth's redirect callback)", () => {
  const base = "http://localhost:3000";

  it("keeps Keyward's own paths and addresses", () => {
    expect(sameSiteRedirect("/audit?actor=system", base)).toBe(`${base}/audit?actor=system`);
    expect(sameSiteRedirect(`${base}/users#top`, base)).toBe(`${base}/users#top`);
  });

  it("answers everything else with Keyward's own address, without throwing", () => {
    for (const value of [
      "http://localhost:3000.evil.example/",
      "http://localhost:3000@evil.example/",
      `http://u:p@localhost:3000/`,
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      `${base}//evil.example`,
      `${base}/\\evil.example`,
      "javascript:alert(1)",
      "http://[::1",
      "%",
      "",
      42,
      null,
      undefined,
      { toString: () => "/x" },
    ]) {
      expect(sameSiteRedirect(value, base), String(value)).toBe(base);
    }
  });
});

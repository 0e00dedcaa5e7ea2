import { describe, expect, it } from "vitest";
import { safeLocalPath } from "./local-path";

describe("safeLocalPath", () => {
  it("keeps paths on Keyward, with their query", () => {
    expect(safeLocalPath("/oauth2/authorize?client_id=kwc_1&scope=users%3Aread")).toBe("/oauth2/authorize?client_id=kwc_1&scope=users%3Aread");
    expect(safeLocalPath("/")).toBe("/");
  });

  it("refuses what a browser would take to another site, and anything odd", () => {
    for (const value of ["//evil.example/x", "/\\evil.example", "https://evil.example", "evil", "", "/a b", "/a\nb", 42, null, `/${"a".repeat(5000)}`]) {
      expect(safeLocalPath(value), String(value)).toBeNull();
    }
  });
});

import { describe, expect, it } from "vitest";
import { formText, formTexts } from "./form-data";

describe("formText", () => {
  it("gives a text field as typed, and nothing for a missing field or a file", () => {
    const data = new FormData();
    data.set("name", "  Warehouse  ");
    data.set("upload", new File(["x"], "x.txt"));
    expect(formText(data.get("name"))).toBe("  Warehouse  ");
    expect(formText(data.get("missing"))).toBeUndefined();
    expect(formText(data.get("upload"))).toBeUndefined();
  });
});

describe("formTexts", () => {
  it("gives every text value of a repeated field, in order, without files", () => {
    const data = new FormData();
    data.append("scopes", "calls:read");
    data.append("scopes", new File(["x"], "x.txt"));
    data.append("scopes", "reports:read");
    expect(formTexts(data, "scopes")).toEqual(["calls:read", "reports:read"]);
    expect(formTexts(data, "grantTypes")).toEqual([]);
  });
});

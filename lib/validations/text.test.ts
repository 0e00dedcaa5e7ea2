import { describe, expect, it } from "vitest";
import { organizationUpdateSchema } from "../api/resources/organizations";
import { credentialDescriptionSchema } from "./credential";
import { newOAuthClientSchema } from "./oauth-client";
import { userNameSchema } from "./user";

describe("names and descriptions are one line of visible text", () => {
  const hostile = ["Nightly\u0000export", "two\nlines", "tab\there", "Invoice \u202egnp.exe", "bell\u0007", "line\u2028separator"];

  it("refuses control characters, line breaks and bidirectional overrides with a clear message", () => {
    for (const value of hostile) {
      const result = credentialDescriptionSchema.safeParse(value);
      expect(result.success, JSON.stringify(value)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/visible characters only/);
      expect(userNameSchema.safeParse(value).success).toBe(false);
      expect(organizationUpdateSchema.safeParse({ name: value }).error?.issues[0]?.message).toBe("name must be visible text: no control characters or line breaks");
      expect(newOAuthClientSchema.safeParse({ name: value, grantTypes: ["authorization_code"], scopes: ["users:read"], redirectUris: "https://a.example/cb" }).success).toBe(false);
    }
  });

  it("keeps every language, emoji and punctuation, trimmed", () => {
    for (const value of ["Zoë's café – ünïcode", "数据导出", "تصدير", "Reporting 📈 (read-only)", "O'Brien & Sons, Inc."]) {
      expect(credentialDescriptionSchema.parse(`  ${value}  `)).toBe(value);
      expect(organizationUpdateSchema.parse({ name: value })).toEqual({ name: value });
    }
  });
});

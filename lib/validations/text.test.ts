import { describe, expect, it } from "vitest";
import { organizationBodySchema } from "./organization";
import { credentialDescriptionSchema } from "./credential";
import { newOAuthClientSchema } from "./oauth-client";
import { MALFORMED_TEXT_MESSAGE } from "./text";
import { userNameSchema } from "./user";

describe("names and descriptions are one line of visible text", () => {
  const hostile = [
    "Nightly\u0000export",
    "two\nlines",
    "tab\there",
    "Invoice \u202egnp.exe",
    "bell\u0007",
    "line\u2028separator",
  ];

  it("refuses control characters, line breaks and bidirectional overrides with a clear message", () => {
    for (const value of hostile) {
      const result = credentialDescriptionSchema.safeParse(value);
      expect(result.success, JSON.stringify(value)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/visible characters only/);
      expect(userNameSchema.safeParse(value).success).toBe(false);
      expect(organizationBodySchema.safeParse({ name: value }).error?.issues[0]?.message).toBe(
        "name must be visible text: no control characters or line breaks",
      );
      expect(
        newOAuthClientSchema.safeParse({
          name: value,
          grantTypes: ["authorization_code"],
          scopes: ["users:read"],
          redirectUris: "https://a.example/cb",
        }).success,
      ).toBe(false);
    }
  });

  it("refuses unpaired UTF-16 surrogates, which a database would store as U+FFFD, with their own message", () => {
    for (const value of [
      "Acme \ud800 Outdoor",
      "trailing \udbff",
      "\udc00 leading",
      "\udc00\ud83d",
      "📈".slice(0, 1),
    ]) {
      expect(
        credentialDescriptionSchema.safeParse(value).error?.issues.map((issue) => issue.message),
        JSON.stringify(value),
      ).toEqual([MALFORMED_TEXT_MESSAGE]);
      expect(userNameSchema.safeParse(value).success).toBe(false);
      expect(organizationBodySchema.safeParse({ name: value }).error?.issues[0]?.message).toBe(
        "name must be well-formed Unicode: no unpaired UTF-16 surrogate (such as \\ud800)",
      );
      expect(
        newOAuthClientSchema.safeParse({
          name: value,
          grantTypes: ["authorization_code"],
          scopes: ["users:read"],
          redirectUris: "https://a.example/cb",
        }).error?.issues[0]?.message,
      ).toBe(MALFORMED_TEXT_MESSAGE);
    }
  });

  it("keeps every language, emoji and punctuation, trimmed", () => {
    for (const value of [
      "Zoë's café – ünïcode",
      "数据导出",
      "تصدير",
      "Reporting 📈 (read-only)",
      "O'Brien & Sons, Inc.",
    ]) {
      expect(credentialDescriptionSchema.parse(`  ${value}  `)).toBe(value);
      expect(organizationBodySchema.parse({ name: value })).toEqual({ name: value });
    }
  });
});

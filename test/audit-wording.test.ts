// The Audit Log's wording (components/audit/audit-wording.ts): what people read for the codes stored.
import { describe, expect, it } from "vitest";
import { detailLabel, detailValue, targetTypeLabel } from "@/components/audit/audit-wording";

describe("the Audit Log's wording", () => {
  it("names targets by what they are: a credential kind's label, a user, an OAuth app", () => {
    expect(targetTypeLabel("at")).toBe("Auth token");
    expect(targetTypeLabel("pat")).toBe("API credential");
    expect(targetTypeLabel("ak")).toBe("Account API key");
    expect(targetTypeLabel("user")).toBe("User");
    expect(targetTypeLabel("oauth_client")).toBe("OAuth app");
    expect(targetTypeLabel("something_new")).toBe("something_new");
  });

  it("labels details and shows their values as people read them", () => {
    expect(detailLabel("expiresAt")).toBe("Expires");
    expect(detailLabel("someNewKey")).toBe("Some new key");
    expect(detailLabel("snake_case_key")).toBe("Snake case key");
    expect(detailValue("expiresAt", "2026-12-01T00:00:00.000Z")).toBe("2026-12-01 00:00 UTC");
    expect(detailValue("kind", "at")).toBe("Auth token");
    expect(detailValue("role", "network_user")).toBe("Network user");
    expect(detailValue("status", "unverified")).toBe("Unverified");
    expect(detailValue("channel", "reveal_api_key")).toBe("Reveal API Key");
    expect(detailValue("reason", "invalid")).toBe("Wrong password or unknown email");
    expect(detailValue("apiUser", true)).toBe("Yes");
    expect(detailValue("owner", null)).toBe("none");
    expect(detailValue("graceHours", 24)).toBe("24");
    // Text that only looks like a date part stays as typed.
    expect(detailValue("name", "2026-12-01 nightly")).toBe("2026-12-01 nightly");
  });
});

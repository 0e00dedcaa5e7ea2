import { describe, expect, it } from "vitest";
import { notificationPreferencesSchema } from "./notification-preferences";

describe("the Notifications form", () => {
  it("reads a ticked box as on and a missing one as off, and refuses anything else a forged request sends", () => {
    expect(notificationPreferencesSchema.parse({ mailExpiryNotices: "on" })).toEqual({ mailExpiryNotices: "on" });
    expect(notificationPreferencesSchema.parse({ mailExpiryNotices: null })).toEqual({ mailExpiryNotices: null });
    for (const forged of ["off", "true", "ON", "", "on "]) {
      const parsed = notificationPreferencesSchema.safeParse({ mailExpiryNotices: forged });
      expect(parsed.success, forged).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe("Tick the box or leave it empty.");
    }
  });
});

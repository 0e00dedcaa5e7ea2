import { describe, expect, it } from "vitest";
import { CredentialRuleError } from "./errors";
import { accountApiKey } from "./kinds/account-api-key";
import { apiKey } from "./kinds/api-key";
import { authToken } from "./kinds/auth-token";
import { oauthAccessToken } from "./kinds/oauth-access-token";
import { personalCredential } from "./kinds/personal-credential";
import {
  allowedOperations,
  assertAllowed,
  credentialState,
  expiresAfter,
  graceEndsAt,
  isUsable,
  stateWhere,
  mayCreate,
  unusableBecause,
} from "./lifecycle";

const NOW = new Date(Date.UTC(2031, 0, 1));
const past = new Date(NOW.getTime() - 1);

describe("the credential lifecycle", () => {
  it("derives the state the screens show: revoked, else expired, else the stored status", () => {
    expect(credentialState({ status: "active", expiresAt: null, rolledAt: null }, NOW)).toBe("active");
    expect(credentialState({ status: "active", expiresAt: NOW, rolledAt: null }, NOW)).toBe("expired");
    expect(credentialState({ status: "inactive", expiresAt: past, rolledAt: null }, NOW)).toBe("expired");
    expect(credentialState({ status: "inactive", expiresAt: null, rolledAt: null }, NOW)).toBe("inactive");
    expect(credentialState({ status: "revoked", expiresAt: past, rolledAt: null }, NOW)).toBe("revoked");
  });

  it("calls a rolled credential rolled, during its grace period and after it, unless it was revoked", () => {
    const graceEnd = new Date(NOW.getTime() + 3_600_000);
    const rolled = { status: "active", expiresAt: graceEnd, rolledAt: past };
    expect(credentialState(rolled, NOW)).toBe("rolled");
    expect(graceEndsAt(rolled, NOW)).toEqual(graceEnd);
    expect(credentialState(rolled, graceEnd)).toBe("rolled");
    expect(graceEndsAt(rolled, graceEnd)).toBeNull();
    expect(credentialState({ ...rolled, status: "revoked" }, NOW)).toBe("revoked");
    expect(graceEndsAt({ ...rolled, status: "revoked" }, NOW)).toBeNull();
    expect(graceEndsAt({ ...rolled, rolledAt: null }, NOW)).toBeNull();
    // Usable exactly as before rolling: until the grace end, then refused as expired.
    expect(isUsable(rolled, NOW)).toBe(true);
    expect(unusableBecause(rolled.status, graceEnd.getTime(), graceEnd.getTime())).toBe("expired");
    // The filters put a rolled credential under Rolled only, whatever its expiry.
    expect(stateWhere("rolled", NOW)).toEqual({ status: { not: "revoked" }, rolledAt: { not: null } });
    for (const state of ["active", "inactive", "expired"] as const)
      expect(stateWhere(state, NOW), state).toMatchObject({ rolledAt: null });
  });

  it("says why a credential is unusable, the stored status before its expiry", () => {
    expect(unusableBecause("inactive", past.getTime(), NOW.getTime())).toBe("inactive");
    expect(unusableBecause("active", NOW.getTime(), NOW.getTime())).toBe("expired");
    expect(unusableBecause("active", NOW.getTime() + 1, NOW.getTime())).toBeNull();
    expect(isUsable({ status: "revoked", expiresAt: null }, NOW)).toBe(false);
  });

  it("offers each row the operations its kind allows the actor from its state", () => {
    expect(allowedOperations(authToken, "active", "super_admin")).toEqual(["deactivate"]);
    expect(allowedOperations(authToken, "inactive", "super_admin")).toEqual(["reactivate", "delete"]);
    expect(allowedOperations(authToken, "expired", "super_admin")).toEqual(["delete"]);
    expect(allowedOperations(apiKey, "active", "super_admin")).toEqual(["roll", "revoke"]);
    expect(allowedOperations(apiKey, "expired", "super_admin")).toEqual(["revoke"]);
    expect(allowedOperations(apiKey, "revoked", "super_admin")).toEqual([]);
    // A rolled key is not rolled again (its successor is); a revoke ends its grace early.
    expect(allowedOperations(apiKey, "rolled", "super_admin")).toEqual(["revoke"]);
    expect(allowedOperations(personalCredential, "active", "owner")).toEqual(["revoke"]);
    expect(allowedOperations(accountApiKey, "active", "super_admin")).toEqual([]);
    expect(allowedOperations(oauthAccessToken, "expired", "oauth_client")).toEqual(["revoke"]);
    expect(mayCreate(personalCredential, "owner")).toBe(true);
    expect(mayCreate(authToken, "owner")).toBe(false);
  });

  it("refuses with the kind's own reason when it has no such operation, else with the caller's", () => {
    expect(() => assertAllowed(authToken, "revoke", "super_admin", "active", "unused")).toThrow(
      "Auth tokens are deactivated or deleted under My Account → API Access.",
    );
    expect(() => assertAllowed(apiKey, "revoke", "super_admin", "revoked", "This key is already revoked.")).toThrow(
      new CredentialRuleError("This key is already revoked."),
    );
    expect(() => assertAllowed(apiKey, "revoke", "super_admin", "active", "unused")).not.toThrow();
  });

  it("gives a kind with a fixed lifetime its expiry", () => {
    expect(expiresAfter(oauthAccessToken, NOW).getTime() - NOW.getTime()).toBe(3_600_000);
  });
});

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
  isUsable,
  mayCreate,
  unusableBecause,
} from "./lifecycle";

const NOW = new Date(Date.UTC(2031, 0, 1));
const past = new Date(NOW.getTime() - 1);

describe("the credential lifecycle", () => {
  it("derives the state the screens show: revoked, else expired, else the stored status", () => {
    expect(credentialState({ status: "active", expiresAt: null }, NOW)).toBe("active");
    expect(credentialState({ status: "active", expiresAt: NOW }, NOW)).toBe("expired");
    expect(credentialState({ status: "inactive", expiresAt: past }, NOW)).toBe("expired");
    expect(credentialState({ status: "inactive", expiresAt: null }, NOW)).toBe("inactive");
    expect(credentialState({ status: "revoked", expiresAt: past }, NOW)).toBe("revoked");
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

import { describe, expect, it } from "vitest";
import { authorizationParametersFrom, authorizePathFor, consentScopes, returnDestination } from "./consent";

describe("the consent page's helpers", () => {
  it("carries only the authorization parameters, repeated ones still repeated", () => {
    const params = authorizationParametersFrom({
      client_id: "kwc_a",
      scope: ["users:read", "data:read"],
      callbackUrl: "/elsewhere",
      state: undefined,
    });
    expect(params.getAll("scope")).toEqual(["users:read", "data:read"]);
    expect(params.has("callbackUrl")).toBe(false);
    const form = new FormData();
    form.append("redirect_uri", "http://127.0.0.1:8123/cb");
    form.append("$ACTION_ID_x", "");
    expect(authorizePathFor(authorizationParametersFrom(form))).toBe(
      "/oauth2/authorize?redirect_uri=http%3A%2F%2F127.0.0.1%3A8123%2Fcb",
    );
  });

  it("marks the scopes the role cannot grant", () => {
    expect(
      consentScopes(["advertisers:read", "publishers:read"], "advertiser_user").map((scope) => [
        scope.scope,
        scope.granted,
      ]),
    ).toEqual([
      ["advertisers:read", true],
      ["publishers:read", false],
    ]);
  });

  it("names where the answer goes: the origin, or a native app's scheme", () => {
    expect(returnDestination("https://app.example.com/oauth/callback?x=1")).toBe("https://app.example.com");
    expect(returnDestination("com.example.app:/callback")).toBe("com.example.app");
  });
});

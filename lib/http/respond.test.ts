// What each kind of refusal looks like on the wire: the e2e suites assert these answers
// through the server; here each is pinned exactly (status, body with its key order, headers).
import { describe, expect, it } from "vitest";
import {
  badRequest,
  insufficientScope,
  invalidRequest,
  invalidToken,
  missing,
  notFound,
  oauthError,
  ProtocolError,
  serverError,
} from "./protocol-error";
import { errorResponse, jsonResponse } from "./respond";

async function wire(error: ProtocolError) {
  const response = errorResponse(error);
  return { status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
}

const JSON_NO_STORE = { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" };

describe("errorResponse: one JSON shape, the status and headers each protocol asks for", () => {
  it("answers the API's own refusals without a challenge", async () => {
    expect(await wire(badRequest("name must not be empty"))).toEqual({
      status: 400,
      body: '{"error":"invalid_request","error_description":"name must not be empty"}',
      headers: JSON_NO_STORE,
    });
    expect(await wire(notFound("Unknown resource; paths end in <id>.json"))).toEqual({
      status: 404,
      body: '{"error":"not_found","error_description":"Unknown resource; paths end in <id>.json"}',
      headers: JSON_NO_STORE,
    });
    expect(await wire(serverError())).toEqual({
      status: 500,
      body: '{"error":"server_error","error_description":"Keyward could not complete the request"}',
      headers: JSON_NO_STORE,
    });
    expect(
      await wire(new ProtocolError(415, "invalid_request", "Send the form as application/x-www-form-urlencoded")),
    ).toMatchObject({ status: 415, headers: JSON_NO_STORE });
  });

  it("answers 'no credential' as unauthorized, with a challenge that names no error (RFC 6750 §3.1)", async () => {
    expect(await wire(missing())).toEqual({
      status: 401,
      body: '{"error":"unauthorized","error_description":"No credential was sent. Send it as described in the API documentation."}',
      headers: { ...JSON_NO_STORE, "www-authenticate": 'Bearer realm="keyward"' },
    });
  });

  it("puts the bearer code and description in the challenge, the 400 and 403 too, and the scope a 403 needs", async () => {
    expect(await wire(invalidToken("The credential has expired"))).toEqual({
      status: 401,
      body: '{"error":"invalid_token","error_description":"The credential has expired"}',
      headers: {
        ...JSON_NO_STORE,
        "www-authenticate":
          'Bearer realm="keyward", error="invalid_token", error_description="The credential has expired"',
      },
    });
    expect(await wire(invalidRequest("user_key is sent only with auth tokens"))).toMatchObject({
      status: 400,
      headers: {
        "www-authenticate":
          'Bearer realm="keyward", error="invalid_request", error_description="user_key is sent only with auth tokens"',
      },
    });
    expect(
      await wire(insufficientScope("This credential may not do this (needs advertisers:write)", "advertisers:write")),
    ).toEqual({
      status: 403,
      body: '{"error":"insufficient_scope","error_description":"This credential may not do this (needs advertisers:write)"}',
      headers: {
        ...JSON_NO_STORE,
        "www-authenticate":
          'Bearer realm="keyward", error="insufficient_scope", error_description="This credential may not do this (needs advertisers:write)", scope="advertisers:write"',
      },
    });
  });

  it("keeps a description's quotes and backslashes from ending the challenge's quoted string", async () => {
    const { headers, body } = await wire(invalidToken('a "quoted" \\ text'));
    expect(headers["www-authenticate"]).toBe(
      `Bearer realm="keyward", error="invalid_token", error_description="a 'quoted' ' text"`,
    );
    expect(JSON.parse(body).error_description).toBe('a "quoted" \\ text');
  });

  it("answers OAuth refusals 400, invalid_client 401 with the Basic challenge, and the statuses given", async () => {
    expect(
      await wire(oauthError("invalid_grant", "The authorization code has expired; start the authorization again")),
    ).toEqual({
      status: 400,
      body: '{"error":"invalid_grant","error_description":"The authorization code has expired; start the authorization again"}',
      headers: JSON_NO_STORE,
    });
    expect(await wire(oauthError("invalid_client", "The client is not known or the secret is wrong"))).toEqual({
      status: 401,
      body: '{"error":"invalid_client","error_description":"The client is not known or the secret is wrong"}',
      headers: { ...JSON_NO_STORE, "www-authenticate": 'Basic realm="keyward", charset="UTF-8"' },
    });
    expect(await wire(oauthError("server_error", "Keyward could not complete the request"))).toMatchObject({
      status: 500,
      headers: JSON_NO_STORE,
    });
    expect(
      await wire(oauthError("unauthorized_client", "This app is not allowed to introspect tokens", { status: 403 })),
    ).toMatchObject({ status: 403, headers: JSON_NO_STORE });
    expect(
      await wire(oauthError("invalid_request", "The request body is larger than 16 KB", { status: 413 })),
    ).toMatchObject({ status: 413, headers: JSON_NO_STORE });
  });

  it("says when to try again on a 429", async () => {
    expect(
      await wire(oauthError("temporarily_unavailable", "Too many tokens", { status: 429, retryAfterSeconds: 17 })),
    ).toEqual({
      status: 429,
      body: '{"error":"temporarily_unavailable","error_description":"Too many tokens"}',
      headers: { ...JSON_NO_STORE, "retry-after": "17" },
    });
    expect(
      await wire(
        new ProtocolError(429, "too_many_attempts", "Too many failed attempts; try again later", {
          retryAfterSeconds: 900,
        }),
      ),
    ).toMatchObject({ headers: { "retry-after": "900" } });
  });
});

describe("jsonResponse", () => {
  it("writes JSON that no cache stores, with the status and extra headers given", async () => {
    const response = jsonResponse({ b: 1, a: 2 }, 201, { "X-Extra": "yes" });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('{"b":1,"a":2}');
    expect(Object.fromEntries(response.headers)).toEqual({ ...JSON_NO_STORE, "x-extra": "yes" });
  });
});

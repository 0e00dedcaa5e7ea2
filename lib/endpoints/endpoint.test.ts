// The wrapper's own promises, without a database: refusals become the one error answer,
// anything unexpected a 500 that logs no secret, bodies are read within the protocol's rules.
import { afterEach, describe, expect, it, vi } from "vitest";
import { notFound } from "../http/protocol-error";
import { jsonResponse } from "../http/respond";
import { endpoint } from "./endpoint";
import { readOAuthForm } from "./request-body";

const route = { params: Promise.resolve({}) };
const post = (
  body: string,
  headers: Record<string, string> = { "Content-Type": "application/json" },
  url = "http://keyward.test/x?oauth_token=kw_pat_secret",
) => new Request(url, { method: "POST", headers, body });

afterEach(() => vi.restoreAllMocks());

describe("endpoint()", () => {
  const echo = endpoint(
    { auth: "none", body: "json" },
    async ({ body }) => new Response(JSON.stringify(body), { headers: { "Cache-Control": "public, max-age=60" } }),
  );

  it("hands over the JSON object without oauth_token, and no answer is cacheable", async () => {
    const response = await echo(post('{"name":"A","oauth_token":"kw_pat_x"}'), route);
    expect(await response.json()).toEqual({ name: "A" });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses bodies as the API does: not JSON 415, broken 400, not an object 400, too large 413", async () => {
    const refusal = async (request: Request) => {
      const response = await echo(request, route);
      return { status: response.status, ...(await response.json()) };
    };
    expect(await refusal(post("{}", { "Content-Type": "text/plain; x=application/json" }))).toMatchObject({
      status: 415,
      error: "invalid_request",
    });
    expect(await refusal(post("{not json"))).toEqual({
      status: 400,
      error: "invalid_request",
      error_description: "The body is not valid JSON",
    });
    expect(await refusal(post("[1,2]"))).toEqual({
      status: 400,
      error: "invalid_request",
      error_description: "The body must be a JSON object",
    });
    expect(await refusal(post(JSON.stringify({ name: "x".repeat(70_000) })))).toEqual({
      status: 413,
      error: "invalid_request",
      error_description: "The request body is larger than 64 KB",
    });
  });

  it("answers a thrown ProtocolError as itself, and anything else as a 500 that logs the redacted URL only", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const refusing = endpoint({ auth: "none", body: "none" }, async () => {
      throw notFound("No advertiser 7 that this credential can reach");
    });
    const refused = await refusing(post("{}"), route);
    expect([refused.status, await refused.json()]).toEqual([
      404,
      { error: "not_found", error_description: "No advertiser 7 that this credential can reach" },
    ]);
    expect(log).not.toHaveBeenCalled();

    const failing = endpoint({ auth: "none", body: "none" }, async () => {
      throw new Error("database is locked");
    });
    const failed = await failing(post('{"password":"hunter2"}'), route);
    expect([failed.status, await failed.json()]).toEqual([
      500,
      { error: "server_error", error_description: "Keyward could not complete the request" },
    ]);
    expect(log).toHaveBeenCalledExactlyOnceWith("Keyward error on POST /x?oauth_token=[redacted]: database is locked");
  });

  it("passes a handler's own answer through", async () => {
    const ok = endpoint({ auth: "none", body: "none" }, async () => jsonResponse({ ok: true }, 201));
    const response = await ok(post(""), route);
    expect([response.status, await response.json()]).toEqual([201, { ok: true }]);
  });
});

describe("readOAuthForm (RFC 6749 3.2)", () => {
  const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
  const refusal = (request: Request) =>
    readOAuthForm(request).then(
      () => null,
      (error: { status: number; code: string; description: string }) => ({
        status: error.status,
        code: error.code,
        description: error.description,
      }),
    );

  it("reads a form sent in the body", async () => {
    expect(
      (
        await readOAuthForm(post("grant_type=client_credentials&scope=a+b", FORM, "http://keyward.test/oauth2/token"))
      ).get("scope"),
    ).toBe("a b");
  });

  it("refuses another media type and parameters in the URL with 400, a body past 16 KB with 413", async () => {
    expect(
      await refusal(post("{}", { "Content-Type": "application/json" }, "http://keyward.test/oauth2/token")),
    ).toEqual({
      status: 400,
      code: "invalid_request",
      description: "Send the parameters as application/x-www-form-urlencoded",
    });
    expect(
      await refusal(post("grant_type=client_credentials", FORM, "http://keyward.test/oauth2/token?client_secret=x")),
    ).toEqual({ status: 400, code: "invalid_request", description: "Send the parameters in the body, not in the URL" });
    expect(await refusal(post(`pad=${"x".repeat(20_000)}`, FORM, "http://keyward.test/oauth2/token"))).toEqual({
      status: 413,
      code: "invalid_request",
      description: "The request body is larger than 16 KB",
    });
  });
});

import { describe, expect, it } from "vitest";
import { invalidRequest, ProtocolError } from "../http/protocol-error";
import { extractCredential, type RequestParts } from "./extract";

const TOKEN = "kw_pat_y3ZiHfzg62zjz95ExZXEVAimg2oVbU0b4OU01f";
const KEY = "kw_ak_MSNtFrJO9tDkhvD8Pw8SXDxPEhRbxH1t2hIGBG";

function request(
  parts: { method?: string; headers?: Record<string, string>; query?: string; jsonBody?: unknown } = {},
): RequestParts {
  return {
    method: parts.method ?? "GET",
    headers: new Headers(parts.headers),
    searchParams: new URLSearchParams(parts.query),
    jsonBody: parts.jsonBody,
  };
}

function refusal(parts: Parameters<typeof request>[0]) {
  const result = extractCredential(request(parts));
  if (!(result instanceof ProtocolError)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return { code: result.code, description: result.description, status: result.status };
}

describe("credential extraction: every transport the seeds show, and nothing else", () => {
  it("reads each transport, trimmed, and says which one it was", () => {
    const cases: [Parameters<typeof request>[0], string][] = [
      [{ headers: { authorization: TOKEN } }, "authorization"],
      [{ headers: { authorization: `  ${TOKEN}  ` } }, "authorization"],
      [{ headers: { authorization: `Bearer ${TOKEN}` } }, "bearer"],
      [{ headers: { authorization: `BEARER    ${TOKEN} ` } }, "bearer"],
      [{ headers: { authorization: `token ${TOKEN}` } }, "token"],
      [{ headers: { authorization: `Token ${TOKEN}` } }, "token"],
      [{ headers: { authorization: `key ${TOKEN}` } }, "key"],
      [{ headers: { authorization: `KEY ${TOKEN}` } }, "key"],
      [{ headers: { "x-api-key": ` ${TOKEN} ` } }, "x-api-key"],
      [{ query: `oauth_token=${TOKEN}%20` }, "query"],
      [{ query: `access_token=%20${TOKEN}&page=2` }, "query"],
      [{ method: "POST", jsonBody: { oauth_token: ` ${TOKEN} `, name: "x" } }, "body"],
    ];
    for (const [parts, transport] of cases) {
      expect(extractCredential(request(parts)), `${transport} ${JSON.stringify(parts)}`).toEqual({
        token: TOKEN,
        transport,
        userKey: null,
      });
    }
  });

  it("trims the whitespace Headers keep (a pasted no-break space, a form feed) from every header", () => {
    // Headers strip only spaces and tabs at the ends; String#trim also takes these.
    const pasted = `\u00a0${TOKEN}\f`;
    expect(extractCredential(request({ headers: { authorization: pasted } }))).toEqual({
      token: TOKEN,
      transport: "authorization",
      userKey: null,
    });
    expect(extractCredential(request({ headers: { authorization: `\u00a0Bearer ${TOKEN}` } }))).toEqual({
      token: TOKEN,
      transport: "bearer",
      userKey: null,
    });
    expect(extractCredential(request({ headers: { "x-api-key": pasted } }))).toEqual({
      token: TOKEN,
      transport: "x-api-key",
      userKey: null,
    });
    expect(
      extractCredential(request({ headers: { authorization: `Bearer ${TOKEN}`, user_key: `\v${KEY}\u00a0` } })),
    ).toEqual({ token: TOKEN, transport: "bearer", userKey: KEY });
  });

  it("passes the account key along from user_key, trimmed", () => {
    expect(extractCredential(request({ headers: { authorization: `Bearer ${TOKEN}`, user_key: ` ${KEY} ` } }))).toEqual(
      { token: TOKEN, transport: "bearer", userKey: KEY },
    );
    expect(extractCredential(request({ query: `access_token=${TOKEN}`, headers: { user_key: KEY } }))).toEqual({
      token: TOKEN,
      transport: "query",
      userKey: KEY,
    });
  });

  it("refuses unknown Authorization schemes instead of guessing", () => {
    for (const value of [
      `Basic ${TOKEN}`,
      `Digest ${TOKEN}`,
      `Bearer: ${TOKEN}`,
      `constructor ${TOKEN}`,
      `toString ${TOKEN}`,
      `__proto__ ${TOKEN}`,
      `hasOwnProperty ${TOKEN}`,
    ]) {
      expect(refusal({ headers: { authorization: value } }), value).toEqual({
        code: "invalid_token",
        description: "The Authorization scheme is not supported; use Bearer, token or key",
        status: 401,
      });
    }
    // An unknown scheme is refused even when another transport also carries a token.
    expect(refusal({ headers: { authorization: `Basic ${TOKEN}`, "x-api-key": TOKEN } }).description).toMatch(
      /scheme is not supported/,
    );
  });

  it("accepts query-string tokens on GET only", () => {
    for (const method of ["POST", "PUT", "DELETE", "get"]) {
      for (const name of ["oauth_token", "access_token"]) {
        expect(refusal({ method, query: `${name}=${TOKEN}` }), `${method} ${name}`).toEqual({
          code: "invalid_request",
          description:
            "A token in the query string is accepted on GET requests only; send it in the Authorization header",
          status: 400,
        });
      }
    }
    // Other query parameters do not matter on any method.
    expect(
      extractCredential(request({ method: "POST", query: "page=2", headers: { authorization: TOKEN } })),
    ).toMatchObject({ transport: "authorization" });
  });

  it("reads oauth_token only from a JSON object, and only as a string", () => {
    for (const jsonBody of [
      42,
      { oauth_token: 42 },
      { oauth_token: null },
      { oauth_token: [TOKEN] },
      { oauth_token: { value: TOKEN } },
    ]) {
      const result = extractCredential(request({ method: "POST", jsonBody }));
      if (typeof jsonBody === "object") {
        expect(result, JSON.stringify(jsonBody)).toEqual(invalidRequest("oauth_token in the body must be a string"));
      } else {
        expect(result).toMatchObject({ code: null });
      }
    }
    for (const jsonBody of [
      undefined,
      null,
      "oauth_token",
      [TOKEN],
      { token: TOKEN },
      [{ oauth_token: TOKEN }],
      Object.assign([TOKEN], { oauth_token: TOKEN }),
    ]) {
      expect(refusal({ method: "POST", jsonBody }), JSON.stringify(jsonBody)).toMatchObject({
        code: null,
        status: 401,
      });
    }
  });

  it("answers 'no credential' (no error code) when nothing is sent, and explains a lone user_key", () => {
    expect(refusal({})).toEqual({
      code: null,
      description: "No credential was sent. Send it as described in the API documentation.",
      status: 401,
    });
    expect(refusal({ headers: { user_key: KEY } })).toEqual({
      code: "invalid_token",
      description: "user_key is the account API key; send it with an auth token",
      status: 401,
    });
  });

  it("refuses a credential in two places at once rather than guessing", () => {
    const twice = {
      code: "invalid_request",
      description: "The request carries credentials in more than one place; send exactly one",
      status: 400,
    };
    expect(refusal({ headers: { authorization: TOKEN, "x-api-key": TOKEN } })).toEqual(twice);
    expect(refusal({ headers: { authorization: TOKEN }, query: `oauth_token=${TOKEN}` })).toEqual(twice);
    expect(refusal({ query: `oauth_token=${TOKEN}&access_token=${TOKEN}` })).toEqual(twice);
    expect(refusal({ query: `oauth_token=${TOKEN}&oauth_token=${TOKEN}` })).toEqual(twice);
    expect(refusal({ method: "POST", headers: { "x-api-key": TOKEN }, jsonBody: { oauth_token: TOKEN } })).toEqual(
      twice,
    );
  });

  it("refuses empty, over-long or non-printable tokens as malformed", () => {
    const malformed = { code: "invalid_token", description: "The credential is malformed", status: 401 };
    for (const token of ["", " ", "a".repeat(513), "kw_pat_abc\u00e9", "kw pat"]) {
      expect(refusal({ headers: { "x-api-key": token } }), JSON.stringify(token)).toEqual(malformed);
    }
    expect(refusal({ headers: { authorization: "Bearer \u00e9" } })).toEqual(malformed);
    expect(refusal({ headers: { authorization: `Bearer ${TOKEN} extra` } })).toEqual(malformed);
    expect(refusal({ method: "POST", jsonBody: { oauth_token: "" } })).toEqual(malformed);
    // 1 to 512 printable ASCII characters pass extraction (the format check comes later).
    for (const token of ["a", "!".repeat(512), "~", "x\x7e\x21"]) {
      expect(extractCredential(request({ headers: { "x-api-key": token } })), token).toMatchObject({
        token,
        transport: "x-api-key",
      });
    }
  });
});

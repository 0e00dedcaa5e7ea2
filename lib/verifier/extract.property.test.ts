// Property-based proof of credential extraction: for any combination of transports, header
// values, query parameters, methods and JSON bodies, extractCredential answers with a
// credential or a ProtocolError (it never throws), accepts exactly one transport at a
// time, and hands on the token as it was sent (trimmed), in the shape the parser expects.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mintSecret } from "../credentials/format";
import { ProtocolError } from "../http/protocol-error";
import { extractCredential, type PresentedCredential } from "./extract";

const RUNS = { numRuns: 10_000 };
const TOKEN_SHAPE = /^[\x21-\x7e]{1,512}$/;

// Header values a client can actually send: visible Latin-1 text, spaces and tabs (Headers
// refuses NUL, CR and LF itself).
const headerChar = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 2, arbitrary: fc.constantFrom(" ", "\t") },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code)) },
);
const token = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("kw_pat_", "kw_at_", "kw_oat_").map((prefix) => mintSecret(prefix.slice(3, -1))),
  },
  fc.string({ unit: headerChar, maxLength: 40 }),
  // Around the 512-character ceiling.
  fc
    .tuple(fc.integer({ min: 505, max: 520 }), fc.string({ unit: headerChar, maxLength: 3 }))
    .map(([length, tail]) => "k".repeat(length - tail.length) + tail),
  fc.constantFrom("", " ", "kw_pat_", "é"),
);
const authorization = fc.oneof(
  token,
  fc
    .tuple(
      fc.constantFrom("Bearer", "bearer", "BEARER", "token", "key", "Basic", "Digest", "Bearer "),
      fc.constantFrom(" ", "  ", "\t"),
      token,
    )
    .map(([scheme, gap, value]) => `${scheme}${gap}${value}`),
);
const queryValue = fc.oneof(token, fc.string({ maxLength: 30 }));
const jsonBody = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }),
  fc.record({ oauth_token: fc.oneof(token, fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }),
  fc.array(fc.record({ oauth_token: token })),
);

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "get"),
  // Each transport is left out more often than not, so that one alone comes up often too.
  authorization: fc.oneof(fc.constant(undefined), authorization),
  apiKey: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, token),
  userKey: fc.option(token, { nil: undefined }),
  oauthToken: fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, fc.array(queryValue, { minLength: 1, maxLength: 2 })),
  accessToken: fc.oneof(
    { weight: 5, arbitrary: fc.constant([]) },
    fc.array(queryValue, { minLength: 1, maxLength: 2 }),
  ),
  otherQuery: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  jsonBody,
});

describe("extractCredential (property-based)", () => {
  it("answers every request with one credential or a ProtocolError, never two transports at once", () => {
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(request, (sent) => {
        const headers = new Headers();
        if (sent.authorization !== undefined) headers.set("authorization", sent.authorization);
        if (sent.apiKey !== undefined) headers.set("x-api-key", sent.apiKey);
        if (sent.userKey !== undefined) headers.set("user_key", sent.userKey);
        const searchParams = new URLSearchParams(sent.otherQuery);
        for (const value of sent.oauthToken) searchParams.append("oauth_token", value);
        for (const value of sent.accessToken) searchParams.append("access_token", value);

        let result: PresentedCredential | ProtocolError;
        try {
          result = extractCredential({ method: sent.method, headers, searchParams, jsonBody: sent.jsonBody });
        } catch (error) {
          throw new Error(`extractCredential threw ${String(error)}`);
        }
        if (result instanceof ProtocolError) {
          expect([null, "invalid_request", "invalid_token"]).toContain(result.code);
          outcomes.refused += 1;
          return;
        }
        outcomes.accepted += 1;

        // Accepted: exactly one place carried a credential, and it is the one returned.
        const body = sent.jsonBody;
        const inBody = typeof body === "object" && body !== null && !Array.isArray(body) && "oauth_token" in body;
        const sources =
          [headers.get("authorization") !== null, headers.get("x-api-key") !== null, inBody].filter(Boolean).length +
          sent.oauthToken.length +
          sent.accessToken.length;
        expect(sources).toBe(1);
        expect(result.token).toMatch(TOKEN_SHAPE);
        if (result.transport === "query") expect(sent.method).toBe("GET");
        if (result.transport === "x-api-key") expect(result.token).toBe(headers.get("x-api-key")!.trim());
        if (result.transport === "body")
          expect(result.token).toBe((body as { oauth_token: string }).oauth_token.trim());
        if (result.transport === "query")
          expect(result.token).toBe([...sent.oauthToken, ...sent.accessToken][0]!.trim());
        if (["authorization", "bearer", "token", "key"].includes(result.transport))
          expect(headers.get("authorization")!.includes(result.token)).toBe(true);
        expect(result.userKey).toBe(headers.get("user_key")?.trim() ?? null);
      }),
      RUNS,
    );
    // Not a vacuous proof: both answers came up often.
    expect(outcomes.accepted).toBeGreaterThan(200);
    expect(outcomes.refused).toBeGreaterThan(200);
  });

  it("finds a well-formed token in every transport it supports, alone", () => {
    const transport = fc.constantFrom("authorization", "bearer", "token", "key", "x-api-key", "query", "body");
    fc.assert(
      fc.property(
        transport,
        fc.constantFrom("pat", "at", "oat", "key"),
        fc.constantFrom("", " ", "  "),
        (chosen, code, pad) => {
          const secret = mintSecret(code);
          const headers = new Headers();
          const searchParams = new URLSearchParams();
          let jsonBody: unknown;
          let method = "POST";
          if (chosen === "authorization") headers.set("authorization", `${pad}${secret}${pad}`);
          else if (chosen === "bearer" || chosen === "token" || chosen === "key")
            headers.set("authorization", `${chosen === "bearer" ? "Bearer" : chosen} ${pad}${secret}`);
          else if (chosen === "x-api-key") headers.set("x-api-key", secret);
          else if (chosen === "query") {
            method = "GET";
            searchParams.set("oauth_token", `${pad}${secret}`);
          } else jsonBody = { oauth_token: `${secret}${pad}`, other: 1 };
          expect(extractCredential({ method, headers, searchParams, jsonBody })).toEqual({
            token: secret,
            transport: chosen,
            userKey: null,
          });
        },
      ),
      RUNS,
    );
  });
});

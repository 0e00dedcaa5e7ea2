// Property-based proof of redirect URI validation: any string gets an answer (null or a
// reason), never a throw, and whatever is accepted is an absolute URI with no user name or
// password, no fragment, no whitespace, within the length limit, and plain http only to the
// user's own machine.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_REDIRECT_URI_LENGTH, redirectUriProblem } from "./redirect-uri";

const RUNS = { numRuns: 10_000 };
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const uri = fc.oneof(
  fc.webUrl({
    validSchemes: ["https", "http"],
    withFragments: true,
    withQueryParameters: true,
    authoritySettings: { withUserInfo: true, withPort: true, withIPv4: true, withIPv6: true },
  }),
  fc
    .tuple(
      fc.constantFrom(
        "http://localhost",
        "http://127.0.0.1",
        "http://[::1]",
        "http://localhost.evil.example",
        "http://127.0.0.1.evil.example",
        "https://app.example",
        "com.example.app:",
        "javascript:",
        "data:",
        "file://",
      ),
      fc.option(fc.nat({ max: 70000 }), { nil: undefined }),
      fc.string({ maxLength: 20 }),
    )
    .map(([origin, port, rest]) => `${origin}${port === undefined ? "" : `:${port}`}/${rest}`),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .tuple(
      fc.constantFrom("https://a.example/cb", "http://127.0.0.1:8080/cb"),
      fc.string({ unit: fc.constantFrom("#", "@", ":", "\\", " ", "%", "/", "?", "\t", "\u0000", "é"), maxLength: 4 }),
    )
    .map(([base, tail]) => base + tail),
  fc.nat({ max: 40 }).map((extra) => `https://a.example/${"p".repeat(MAX_REDIRECT_URI_LENGTH - 20 + extra)}`),
);

describe("redirectUriProblem (property-based)", () => {
  it("answers any string without throwing, and accepts only URIs that cannot leak a code elsewhere", () => {
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(uri, (value) => {
        const problem = redirectUriProblem(value);
        if (problem !== null) {
          expect(typeof problem).toBe("string");
          expect(problem.length).toBeGreaterThan(0);
          outcomes.refused += 1;
          return;
        }
        outcomes.accepted += 1;
        expect(value.length).toBeLessThanOrEqual(MAX_REDIRECT_URI_LENGTH);
        expect(value).not.toMatch(/[\s#]/);
        const url = new URL(value);
        expect(url.username).toBe("");
        expect(url.password).toBe("");
        expect(url.hash).toBe("");
        if (url.protocol === "http:") expect(LOOPBACK.has(url.hostname)).toBe(true);
        if (url.protocol === "https:") expect(url.hostname).not.toBe("");
        expect(["javascript:", "data:", "file:"]).not.toContain(url.protocol);
      }),
      RUNS,
    );
    expect(outcomes.accepted).toBeGreaterThan(500);
    expect(outcomes.refused).toBeGreaterThan(500);
  });

  it("accepts every plain https URI with a host, and refuses it once it carries a fragment or user info", () => {
    fc.assert(
      fc.property(
        fc.webUrl({ validSchemes: ["https"], withQueryParameters: true }),
        fc.constantFrom("#", "#x"),
        fc.constantFrom("user@", "user:pw@"),
        (value, fragment, userinfo) => {
          expect(redirectUriProblem(value)).toBeNull();
          expect(redirectUriProblem(value + fragment)).not.toBeNull();
          expect(redirectUriProblem(value.replace("https://", `https://${userinfo}`))).not.toBeNull();
        },
      ),
      RUNS,
    );
  });
});

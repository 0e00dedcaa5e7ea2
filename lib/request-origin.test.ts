import { describe, expect, it } from "vitest";
import { requestOrigin } from "./request-origin";

const from = (headers: Record<string, string>) => requestOrigin(new Headers(headers));

describe("requestOrigin", () => {
  it("is the Host the request was sent to, over http unless a proxy says https", () => {
    expect(from({ host: "127.0.0.1:5401" })).toBe("http://127.0.0.1:5401");
    expect(from({ host: "keyward.example.com", "x-forwarded-proto": "https" })).toBe("https://keyward.example.com");
    expect(from({ host: "keyward.example.com", "x-forwarded-proto": "https, http" })).toBe(
      "https://keyward.example.com",
    );
    expect(from({ host: "keyward.example.com:443", "x-forwarded-proto": "https" })).toBe("https://keyward.example.com");
    expect(from({ host: "[::1]:3000" })).toBe("http://[::1]:3000");
  });

  it("takes the host a trusted proxy forwarded (server.mjs drops it from anyone else)", () => {
    expect(
      from({ host: "10.0.0.5:3000", "x-forwarded-host": "keyward.example.com", "x-forwarded-proto": "https" }),
    ).toBe("https://keyward.example.com");
    expect(from({ host: "10.0.0.5:3000", "x-forwarded-host": "keyward.example.com, 10.0.0.5" })).toBe(
      "http://keyward.example.com",
    );
    expect(from({ host: "keyward.example.com", "x-forwarded-host": "evil.example/path" })).toBe("http://localhost");
  });

  it("never builds an origin from a Host that is not a host name", () => {
    expect(from({})).toBe("http://localhost");
    expect(from({ host: "evil.example/path" })).toBe("http://localhost");
    expect(from({ host: "user@evil.example" })).toBe("http://localhost");
    expect(from({ host: "a b" })).toBe("http://localhost");
  });
});

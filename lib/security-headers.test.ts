import { describe, expect, it } from "vitest";
import { consentFormTarget, newNonce, pageContentSecurityPolicy } from "./security-headers";

const directives = (policy: string) =>
  new Map(
    policy.split(";").map((part) => {
      const [name, ...values] = part.trim().split(" ");
      return [name!, values.join(" ")];
    }),
  );

describe("pageContentSecurityPolicy", () => {
  it("allows only nonced scripts, no plugins, no base, no framing, forms to Keyward itself", () => {
    const policy = directives(pageContentSecurityPolicy("abc123", { development: false, https: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get("style-src")).toBe("'self' 'nonce-abc123'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'none'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval only in development, upgrades subresources under https, adds the consent page's form target", () => {
    expect(directives(pageContentSecurityPolicy("n", { development: true, https: false })).get("script-src")).toContain(
      "'unsafe-eval'",
    );
    const policy = directives(
      pageContentSecurityPolicy("n", { development: false, https: true, formTargets: ["https://app.example"] }),
    );
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
    expect(policy.get("form-action")).toBe("'self' https://app.example");
  });

  it("makes a different nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });
});

describe("consentFormTarget", () => {
  const at = (query: string, path = "/oauth2/authorize") =>
    consentFormTarget(new URL(`http://keyward.test${path}?${query}`));

  it("is the origin of the consent page's one http(s) redirect_uri, and nothing elsewhere", () => {
    expect(at("redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1")).toBe("https://app.example");
    expect(at("redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcb")).toBe("http://127.0.0.1:5000");
    expect(at("redirect_uri=https%3A%2F%2Fapp.example%2Fcb", "/sign-in")).toBeUndefined();
    expect(at("redirect_uri=javascript%3Aalert(1)")).toBeUndefined();
    expect(at("redirect_uri=not%20a%20url")).toBeUndefined();
    expect(at("redirect_uri=https%3A%2F%2Fa.example&redirect_uri=https%3A%2F%2Fb.example")).toBeUndefined();
    expect(at("client_id=x")).toBeUndefined();
  });
});

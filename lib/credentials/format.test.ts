import { describe, expect, it } from "vitest";
import { BODY_LENGTH, CHECKSUM_LENGTH, hintOf, mintSecret, parseSecret } from "./format";

describe("secret format", () => {
  it("mints kw_<kind>_ secrets of 32 random base62 characters and a 6-character checksum", () => {
    const secret = mintSecret("pat");
    expect(secret).toMatch(/^kw_pat_[0-9A-Za-z]{38}$/);
    expect(secret.length).toBe("kw_pat_".length + BODY_LENGTH + CHECKSUM_LENGTH);
    expect(parseSecret(secret)).toEqual({ ok: true, code: "pat" });
  });

  it("never repeats and uses the whole alphabet (>= 160 bits of randomness)", () => {
    const secrets = Array.from({ length: 2000 }, () => mintSecret("at"));
    expect(new Set(secrets).size).toBe(secrets.length);
    const seen = new Set(secrets.flatMap((s) => [...s.slice(6, 6 + BODY_LENGTH)]));
    expect(seen.size).toBe(62);
    expect(BODY_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(160);
  });

  it("rejects a mistyped, truncated or foreign token without a look-up", () => {
    const secret = mintSecret("pat");
    const swapped = secret.slice(0, 10) + (secret[10] === "a" ? "b" : "a") + secret.slice(11);
    expect(parseSecret(swapped)).toEqual({ ok: false, reason: "checksum" });
    expect(parseSecret(secret.slice(0, -1))).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret(secret + "x")).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret("YbcFHZ38FNfptfZMB0RZ6dk9dOJCaCfU")).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret(secret.replace("kw_pat_", "kw_at_"))).toEqual({ ok: false, reason: "checksum" });
  });

  it("hints show the prefix and the last four characters only", () => {
    const secret = mintSecret("ak");
    expect(hintOf(secret)).toBe(`kw_ak_…${secret.slice(-4)}`);
  });
});

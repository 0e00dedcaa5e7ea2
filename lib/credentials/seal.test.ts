import { describe, expect, it } from "vitest";
import { openSealed, sealSecret, SealError } from "./seal";

const SECRET = "kw_ak_4fQ2xk9TnR7bW1zLmP0sHc5vYdJ8uEaG3iO6_Xq";

/** The sealed value with one byte of its iv | tag | ciphertext flipped. */
function flipped(sealed: string, index: number): string {
  const raw = Buffer.from(sealed.slice(3), "base64url");
  raw[index] = raw[index]! ^ 0x01;
  return `v1.${raw.toString("base64url")}`;
}

describe("sealing the account API key", () => {
  it("opens what it sealed, and the stored form holds no trace of the secret", () => {
    const sealed = sealSecret(SECRET, "ak:account-1");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET.slice(6, 16));
    expect(openSealed(sealed, "ak:account-1")).toBe(SECRET);
  });

  it("uses a fresh IV each time: sealing the same secret twice gives two different values", () => {
    const one = sealSecret(SECRET, "ak:account-1");
    const two = sealSecret(SECRET, "ak:account-1");
    expect(one).not.toBe(two);
    expect(Buffer.from(one.slice(3), "base64url").subarray(0, 12)).not.toEqual(
      Buffer.from(two.slice(3), "base64url").subarray(0, 12),
    );
  });

  it("refuses a value changed anywhere: IV, tag or ciphertext", () => {
    const sealed = sealSecret(SECRET, "ak:account-1");
    const length = Buffer.from(sealed.slice(3), "base64url").length;
    for (const index of [0, 11, 12, 27, 28, length - 1]) {
      expect(() => openSealed(flipped(sealed, index), "ak:account-1")).toThrow(SealError);
    }
  });

  it("refuses a value moved to another account's row (the binding is authenticated)", () => {
    const sealed = sealSecret(SECRET, "ak:account-1");
    expect(() => openSealed(sealed, "ak:account-2")).toThrow(SealError);
  });

  it("refuses an unknown version, a missing version and a truncated value", () => {
    const sealed = sealSecret(SECRET, "ak:a");
    expect(() => openSealed(`v2.${sealed.slice(3)}`, "ak:a")).toThrow(/version/);
    expect(() => openSealed(sealed.slice(3), "ak:a")).toThrow(SealError);
    expect(() => openSealed("v1." + Buffer.alloc(28).toString("base64url"), "ak:a")).toThrow(/short/);
    expect(() => openSealed(sealed.slice(0, sealed.length - 4), "ak:a")).toThrow(SealError);
  });
});

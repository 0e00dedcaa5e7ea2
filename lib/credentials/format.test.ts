import { describe, expect, it } from "vitest";
import { BODY_LENGTH, CHECKSUM_LENGTH, hintOf, mintSecret, parseSecret, prefixOf, randomBase62 } from "./format";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Minted by this module: its last six characters are the CRC-32 of the rest in base62, most
// significant digit first. A checksum computed any other way refuses it.
const KNOWN_SECRET = "kw_pat_y3ZiHfzg62zjz95ExZXEVAimg2oVbU0b4OU01f";

/** A byte source that hands out `bytes` in order, as often as asked, and counts the calls. */
function feed(bytes: number[]) {
  let next = 0;
  const source = (size: number) => {
    source.calls += 1;
    return Uint8Array.from({ length: size }, () => bytes[next++ % bytes.length]!);
  };
  source.calls = 0;
  return source;
}

describe("secret format", () => {
  it("mints kw_<kind>_ secrets of 32 random base62 characters and a 6-character checksum", () => {
    const secret = mintSecret("pat");
    expect(secret).toMatch(/^kw_pat_[0-9A-Za-z]{38}$/);
    expect(secret.length).toBe("kw_pat_".length + BODY_LENGTH + CHECKSUM_LENGTH);
    expect(parseSecret(secret)).toEqual({ ok: true, code: "pat" });
    expect(prefixOf("key")).toBe("kw_key_");
  });

  it("never repeats and uses the whole alphabet (>= 160 bits of randomness)", () => {
    const secrets = Array.from({ length: 2000 }, () => mintSecret("at"));
    expect(new Set(secrets).size).toBe(secrets.length);
    const seen = new Set(secrets.flatMap((s) => [...s.slice(6, 6 + BODY_LENGTH)]));
    expect(seen.size).toBe(62);
    expect(BODY_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(160);
  });

  it("drops the random bytes 248 to 255, so every character is equally likely (no modulo bias)", () => {
    // 248 = 4 * 62: bytes 0..247 give each character exactly four times; 248..255 would give
    // "0".."7" a fifth chance if they were kept.
    const source = feed([248, 249, 250, 251, 252, 253, 254, 255, ...Array.from({ length: 248 }, (_, byte) => byte)]);
    const out = randomBase62(248, source);
    expect(out).toBe(ALPHABET.repeat(4));
    const counts = new Map<string, number>();
    for (const char of out) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect([...counts.values()].every((count) => count === 4)).toBe(true);
    expect(counts.size).toBe(62);

    expect(randomBase62(3, feed([247, 61, 62]))).toBe("zz0");
    expect(randomBase62(2, feed([248, 255, 0, 1]))).toBe("01");
  });

  it("draws more bytes while too many were dropped, and stops at the asked length", () => {
    // Every byte of the first draw is rejected; the second draw fills the body.
    let calls = 0;
    const source = (size: number) =>
      ++calls === 1 ? new Uint8Array(size).fill(250) : Uint8Array.from({ length: size }, (_, i) => i % 62);
    expect(randomBase62(BODY_LENGTH, source)).toBe(ALPHABET.slice(0, BODY_LENGTH));
    expect(calls).toBe(2);

    const once = feed(Array.from({ length: 62 }, (_, i) => i));
    expect(randomBase62(5, once)).toBe("01234");
    expect(once.calls).toBe(1);
    expect(randomBase62(0, feed([1]))).toBe("");
    expect(randomBase62(BODY_LENGTH)).toMatch(/^[0-9A-Za-z]{32}$/);
  });

  it("checks a known secret's checksum, computed as CRC-32 in base62", () => {
    expect(parseSecret(KNOWN_SECRET)).toEqual({ ok: true, code: "pat" });
    expect(hintOf(KNOWN_SECRET)).toBe("kw_pat_…U01f");
  });

  it("refuses every single-character substitution, anywhere in the body or the checksum", () => {
    // CRC-32 catches every error within 32 bits, and six base62 digits hold all of its 2^32
    // values: a checksum that kept fewer meaningful digits lets 1 in 62 of these through.
    for (const secret of [KNOWN_SECRET, mintSecret("key"), mintSecret("at")]) {
      const start = secret.length - BODY_LENGTH - CHECKSUM_LENGTH;
      let refused = 0;
      for (let position = start; position < secret.length; position++) {
        for (const char of ALPHABET) {
          if (char === secret[position]) continue;
          const corrupted = secret.slice(0, position) + char + secret.slice(position + 1);
          expect(parseSecret(corrupted)).toEqual({ ok: false, reason: "checksum" });
          refused += 1;
        }
      }
      expect(refused).toBe((BODY_LENGTH + CHECKSUM_LENGTH) * 61);
    }
  });

  it("rejects a mistyped, truncated or foreign token without a look-up", () => {
    const secret = mintSecret("pat");
    const swapped = secret.slice(0, 10) + (secret[10] === "a" ? "b" : "a") + secret.slice(11);
    expect(parseSecret(swapped)).toEqual({ ok: false, reason: "checksum" });
    expect(parseSecret(secret.slice(0, -1))).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret(secret + "x")).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret("x" + secret)).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret("YbcFHZ38FNfptfZMB0RZ6dk9dOJCaCfU")).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret(secret.replace("kw_pat_", "kw_at_"))).toEqual({ ok: false, reason: "checksum" });
    expect(parseSecret(secret.replace("kw_pat_", "kw_PAT_"))).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret(secret.replace("kw_", "kx_"))).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret(secret.replace("kw_pat_", "kw_pat-"))).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret(secret.slice(0, -1) + "-")).toEqual({ ok: false, reason: "malformed" });
    expect(parseSecret("")).toEqual({ ok: false, reason: "malformed" });
  });

  it("accepts kind codes of two to five lower-case letters only", () => {
    for (const code of ["ak", "pat", "abcd", "abcde"])
      expect(parseSecret(mintSecret(code))).toEqual({ ok: true, code });
    for (const code of ["a", "abcdef", "a1", "ab_c"])
      expect(parseSecret(mintSecret(code))).toEqual({ ok: false, reason: "malformed" });
  });

  it("hints show the prefix and the last four characters only", () => {
    const secret = mintSecret("ak");
    expect(hintOf(secret)).toBe(`kw_ak_…${secret.slice(-4)}`);
    expect(hintOf("not-a-keyward-secret")).toBe("…cret");
  });
});

// Allowlist ranges as an attacker probes them: every address inside a range matches, the first
// address past either end does not, IPv4-mapped IPv6 is the IPv4 address it carries, and the
// two families never match each other.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllowlistText } from "./allowlist-text";
import { matcherFor } from "./matcher";
import { parseAddress, parseRange } from "./ip-range";

const toV4 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
const toV6 = (n: bigint) =>
  Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(":");
const V6_TOP = (1n << 128n) - 1n;

/** A network (host bits cleared) and its prefix length. */
const v4Range = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([n, bits]) => {
  const size = 2 ** (32 - bits);
  const start = Math.floor(n / size) * size;
  return { start, end: start + size - 1, bits };
});
const v6Range = fc.tuple(fc.bigInt({ min: 0n, max: V6_TOP }), fc.integer({ min: 0, max: 128 })).map(([n, bits]) => {
  const size = 1n << BigInt(128 - bits);
  const start = (n / size) * size;
  return { start, end: start + size - 1n, bits };
});

const allows = (list: string, address: string) => {
  const parsed = parseAllowlistText(list);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return matcherFor(parsed.ranges.map((range) => range.text).join("\n")).allows(address);
};

describe("IPv4 ranges", () => {
  it("match their first and last address, and not the addresses just outside", () => {
    fc.assert(
      fc.property(v4Range, ({ start, end, bits }) => {
        const list = `${toV4(start)}/${bits}`;
        expect(allows(list, toV4(start))).toBe(true);
        expect(allows(list, toV4(end))).toBe(true);
        if (start > 0) expect(allows(list, toV4(start - 1))).toBe(false);
        if (end < 0xffffffff) expect(allows(list, toV4(end + 1))).toBe(false);
      }),
    );
  });

  it("match an address's IPv4-mapped IPv6 form exactly as the address itself", () => {
    fc.assert(
      fc.property(v4Range, fc.integer({ min: 0, max: 0xffffffff }), ({ start, bits }, probe) => {
        const list = `${toV4(start)}/${bits}`;
        expect(allows(list, `::ffff:${toV4(probe)}`)).toBe(allows(list, toV4(probe)));
      }),
    );
  });

  it("accept a range written as IPv4-mapped IPv6 as the IPv4 range", () => {
    fc.assert(
      fc.property(v4Range, ({ start, bits }) => {
        const parsed = parseRange(`::ffff:${toV4(start)}/${96 + bits}`);
        expect(parsed.ok && parsed.range.text).toBe(bits === 32 ? toV4(start) : `${toV4(start)}/${bits}`);
      }),
    );
  });
});

describe("IPv6 ranges", () => {
  it("match their first and last address, and not the addresses just outside", () => {
    fc.assert(
      fc.property(v6Range, ({ start, end, bits }) => {
        const list = `${toV6(start)}/${bits}`;
        // Mapped addresses are compared as IPv4, so ranges inside ::ffff:0:0/96 are checked above.
        fc.pre(start >> 32n !== 0xffffn && end >> 32n !== 0xffffn);
        expect(allows(list, toV6(start))).toBe(true);
        expect(allows(list, toV6(end))).toBe(true);
        if (start > 0n && (start - 1n) >> 32n !== 0xffffn) expect(allows(list, toV6(start - 1n))).toBe(false);
        if (end < V6_TOP && (end + 1n) >> 32n !== 0xffffn) expect(allows(list, toV6(end + 1n))).toBe(false);
      }),
    );
  });

  it("never match an IPv4 address, even ::/0", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        expect(allows("::/0", toV4(n))).toBe(false);
        expect(allows("0.0.0.0/0", toV4(n))).toBe(true);
      }),
    );
  });
});

describe("entries that are refused, each named", () => {
  it.each([
    ["10.0.0.0/33", "prefix length"],
    ["10.0.0.0/-1", "prefix length"],
    ["10.0.0.0/8/8", "prefix length"],
    ["2001:db8::/129", "prefix length"],
    ["127.1", "not an IP address"],
    ["0x7f.0.0.1", "not an IP address"],
    ["010.0.0.1", "not an IP address"],
    ["256.0.0.1", "not an IP address"],
    ["fe80::1%eth0", "not an IP address"],
    ["example.com", "not an IP address"],
    ["10.0.0.1/8", "did you mean 10.0.0.0/8?"],
    ["2001:db8::1/32", "did you mean 2001:db8::/32?"],
    ["::ffff:0:0/95", "beyond IPv4-mapped"],
  ])("%s", (entry, why) => {
    const parsed = parseAllowlistText(`203.0.113.0/24\n${entry}`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors).toHaveLength(1);
      expect(parsed.errors[0]).toContain(`"${entry}"`);
      expect(parsed.errors[0]).toContain(why);
    }
  });

  it("names every bad entry, not only the first", () => {
    const parsed = parseAllowlistText("nope\n10.0.0.0/8\nalso bad");
    expect(parsed).toEqual({
      ok: false,
      errors: [expect.stringContaining('"nope"'), expect.stringContaining('"also bad"')],
    });
  });

  it("caps the number of ranges", () => {
    const many = Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`).join("\n");
    const parsed = parseAllowlistText(many);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toContain("at most 100");
    expect(parseAllowlistText(many.split("\n").slice(0, 100).join("\n")).ok).toBe(true);
  });
});

describe("a written list", () => {
  it("is canonical: single addresses without a prefix, duplicates once, blank lines and commas ignored", () => {
    const parsed = parseAllowlistText(
      " 198.51.100.7/32 \n\n2001:DB8:0::/32, 10.0.0.0/8\n::ffff:10.0.0.0/104\n198.51.100.7",
    );
    expect(parsed.ok && parsed.ranges.map((range) => range.text)).toEqual([
      "198.51.100.7",
      "2001:db8::/32",
      "10.0.0.0/8",
    ]);
  });

  it("is compiled once per distinct text", () => {
    expect(matcherFor("10.0.0.0/8")).toBe(matcherFor("10.0.0.0/8"));
  });
});

describe("client addresses", () => {
  it("that are not one address are outside every list", () => {
    for (const address of ["", "unknown", "10.0.0.1, 10.0.0.2", "10.1", "10.0.0.1:443"]) {
      expect(parseAddress(address)).toBeNull();
      expect(matcherFor("0.0.0.0/0\n::/0").allows(address)).toBe(false);
    }
    expect(matcherFor("0.0.0.0/0").allows(null)).toBe(false);
  });
});

// One entry of an IP allowlist: a CIDR range or a single address, IPv4 or IPv6, parsed with
// ipaddr.js. Strict on purpose: an allowlist is a security control, so an entry that could be
// read two ways ("127.1", "10.0.0.1/8", a zone id) is refused with a message saying why,
// rather than guessed at.
import ipaddr from "ipaddr.js";

export interface IpRange {
  kind: "ipv4" | "ipv6";
  network: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
  /** The canonical text: the address alone for a single address, else network/bits. */
  text: string;
}

export type RangeParse = { ok: true; range: IpRange } | { ok: false; message: string };

const IPV4_SHAPE = /^[0-9.]+$/;
const BITS_SHAPE = /^\d{1,3}$/;

function readAddress(text: string): { address: ipaddr.IPv4 | ipaddr.IPv6; mapped: boolean } | null {
  if (IPV4_SHAPE.test(text))
    return ipaddr.IPv4.isValidFourPartDecimal(text) ? { address: ipaddr.IPv4.parse(text), mapped: false } : null;
  if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return null;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? { address: v6.toIPv4Address(), mapped: true } : { address: v6, mapped: false };
}

/**
 * An address as the allowlist compares it, or null when it is not one: IPv4 only in its
 * four-part decimal form, IPv6 without a zone id, and an IPv4-mapped IPv6 address
 * (::ffff:1.2.3.4, how a dual-stack socket reports an IPv4 peer) as the IPv4 address it carries.
 */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  return readAddress(text.trim())?.address ?? null;
}

/** Parses one allowlist entry ("203.0.113.0/24", "2001:db8::/32", "198.51.100.7", "::1"). */
export function parseRange(entry: string): RangeParse {
  const text = entry.trim();
  const slash = text.indexOf("/");
  const read = readAddress(slash === -1 ? text : text.slice(0, slash));
  const bitsText = slash === -1 ? null : text.slice(slash + 1);
  if (!read)
    return { ok: false, message: `"${text}" is not an IP address or range (examples: 203.0.113.0/24, 2001:db8::/32)` };
  const { address, mapped } = read;
  const kind = address.kind();
  const full = kind === "ipv4" ? 32 : 128;
  let bits = full;
  if (bitsText !== null) {
    const written = BITS_SHAPE.test(bitsText) ? Number(bitsText) : Number.NaN;
    // A mapped range is written in IPv6 bits: ::ffff:1.2.3.0/120 is 1.2.3.0/24.
    const writtenFull = mapped ? 128 : full;
    if (!Number.isInteger(written) || written > writtenFull)
      return { ok: false, message: `"${text}" has a prefix length that is not 0 to ${writtenFull}` };
    if (mapped && written < 96)
      return { ok: false, message: `"${text}" reaches beyond IPv4-mapped addresses; write the IPv4 range instead` };
    bits = mapped ? written - 96 : written;
  }
  const network =
    kind === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
  const canonical = (value: ipaddr.IPv4 | ipaddr.IPv6) =>
    bits === full ? value.toString() : `${value.toString()}/${bits}`;
  if (network.toString() !== address.toString())
    return {
      ok: false,
      message: `"${text}" has bits set beyond its /${bits} prefix; did you mean ${canonical(network)}?`,
    };
  return { ok: true, range: { kind, network, bits, text: canonical(network) } };
}

/** Whether an address (from parseAddress) lies in the range. */
export function rangeContains(range: IpRange, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.kind() === range.kind && address.match(range.network, range.bits);
}

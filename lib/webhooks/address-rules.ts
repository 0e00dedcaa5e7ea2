// Which network addresses a webhook may be sent to: no SSRF into the network Keyward sits in.
// Ranges are matched with node's net.BlockList (no address library is installed, and node's own
// parser is the one the connection will use); IPv6 forms that embed an IPv4 address
// (::ffff:a.b.c.d and its hex spelling, NAT64, 6to4) are judged by that IPv4 address or refused.
import { BlockList, isIP } from "node:net";

export interface AddressRules {
  /** Loopback (127/8, ::1, localhost) allowed: outside production, or KEYWARD_WEBHOOKS_ALLOW_HTTP_LOOPBACK. */
  allowLoopback: boolean;
  /** Private and reserved ranges allowed (KEYWARD_WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivate: boolean;
}

function blockList(v4: string[], v6: string[]): BlockList {
  const list = new BlockList();
  for (const subnet of v4) {
    const [address, prefix] = subnet.split("/");
    list.addSubnet(address!, Number(prefix), "ipv4");
  }
  for (const subnet of v6) {
    const [address, prefix] = subnet.split("/");
    list.addSubnet(address!, Number(prefix), "ipv6");
  }
  return list;
}

/** Never a webhook receiver, whatever the settings: "this host", multicast, broadcast and reserved. */
const NEVER = blockList(["0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4"], ["::/128", "ff00::/8"]);

const LOOPBACK = blockList(["127.0.0.0/8"], ["::1/128"]);

/** Private, shared, link-local and documentation ranges (RFC 1918, 6598, 3927, 5737, 4193, 4291, 3849). */
const PRIVATE = blockList(
  [
    "10.0.0.0/8",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
  ],
  [
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "100::/64",
    "2001:db8::/32",
    // IETF protocol assignments, Teredo among them (it tunnels to an IPv4 address).
    "2001::/23",
    // NAT64 and 6to4 reach an embedded IPv4 address this check would not see.
    "64:ff9b::/96",
    "64:ff9b:1::/48",
    "2002::/16",
  ],
);

/** The eight 16-bit groups of an IPv6 address (node has validated it), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const bytes = dotted[1]!.split(".").map(Number);
    text =
      text.slice(0, -dotted[1]!.length) +
      `${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...left, ...Array<string>(missing).fill("0"), ...right].map((group) => parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : null;
}

/** The IPv4 address an IPv4-mapped IPv6 address (::ffff:0:0/96) stands for, or null. */
export function unmappedIpv4(address: string): string | null {
  const groups = ipv6Groups(address);
  if (!groups || groups.slice(0, 5).some((group) => group !== 0) || groups[5] !== 0xffff) return null;
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
}

/** The address as BlockList checks it: a mapped IPv6 address as its IPv4 one. */
function normalized(address: string): { ip: string; type: "ipv4" | "ipv6" } | null {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 0) return null;
  const mapped = family === 6 ? unmappedIpv4(bare) : null;
  if (mapped) return { ip: mapped, type: "ipv4" };
  return { ip: bare, type: family === 4 ? "ipv4" : "ipv6" };
}

export function isLoopbackAddress(address: string): boolean {
  const checked = normalized(address);
  return checked !== null && LOOPBACK.check(checked.ip, checked.type);
}

/** Why an IP address may not receive webhooks under these rules, or null when it may. */
export function addressRefusal(address: string, rules: AddressRules): string | null {
  const checked = normalized(address);
  if (!checked) return "is not an IP address";
  const { ip, type } = checked;
  if (NEVER.check(ip, type)) return "is a reserved address that cannot receive webhooks";
  if (LOOPBACK.check(ip, type))
    return rules.allowLoopback ? null : "is a loopback address (allowed outside production only)";
  if (PRIVATE.check(ip, type) && !rules.allowPrivate)
    return "is a private or reserved address (set KEYWARD_WEBHOOKS_ALLOW_PRIVATE=1 to allow it)";
  return null;
}

/** localhost and *.localhost always mean this machine (RFC 6761), whatever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

import { describe, expect, it } from "vitest";
import { addressRefusal, unmappedIpv4 } from "./address-rules";
import { retryDelayMs, MAX_RETRY_DELAY_MS } from "./backoff";
import { checkedAddress } from "./deliver-http";
import { checkEndpointUrl } from "./endpoint-url";

const production = { allowLoopback: false, allowPrivate: false };
const development = { allowLoopback: true, allowPrivate: false };

describe("webhook address rules (SSRF)", () => {
  it.each([
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "198.18.0.1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:10.0.0.1",
    "::ffff:a00:1",
    "::ffff:192.168.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",
    "2002:a00:1::",
  ])("refuses the private or reserved address %s unless the install allows it", (address) => {
    expect(addressRefusal(address, production)).toMatch(/private or reserved/);
    expect(addressRefusal(address, development)).toMatch(/private or reserved/);
    expect(addressRefusal(address, { allowLoopback: false, allowPrivate: true })).toBeNull();
  });

  it.each(["127.0.0.1", "127.8.8.8", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "[::1]"])(
    "allows the loopback address %s only under the loopback rule",
    (address) => {
      expect(addressRefusal(address, production)).toMatch(/loopback/);
      expect(addressRefusal(address, development)).toBeNull();
    },
  );

  it.each(["0.0.0.0", "0.1.2.3", "224.0.0.1", "255.255.255.255", "::", "ff02::1"])(
    "never allows %s, whatever the settings",
    (address) => {
      expect(addressRefusal(address, { allowLoopback: true, allowPrivate: true })).toMatch(/reserved/);
    },
  );

  it.each(["8.8.8.8", "203.0.114.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "172.32.0.1", "100.128.0.1"])(
    "allows the public address %s",
    (address) => {
      expect(addressRefusal(address, production)).toBeNull();
    },
  );

  it("reads every spelling of an IPv4-mapped address", () => {
    expect(unmappedIpv4("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(unmappedIpv4("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(unmappedIpv4("0:0:0:0:0:ffff:c0a8:101")).toBe("192.168.1.1");
    expect(unmappedIpv4("::1")).toBeNull();
    expect(unmappedIpv4("2001:db8::ffff:1:1")).toBeNull();
  });

  it("checks URLs: https, http on loopback only when allowed, no credentials, no private literal", () => {
    expect(checkEndpointUrl("https://hooks.example.com/keyward", production).ok).toBe(true);
    expect(checkEndpointUrl("http://hooks.example.com/keyward", development).ok).toBe(false);
    for (const url of ["http://127.0.0.1:8080/x", "http://[::1]:8080/x", "http://localhost:8080/x"]) {
      expect(checkEndpointUrl(url, development).ok, url).toBe(true);
      expect(checkEndpointUrl(url, production).ok, url).toBe(false);
    }
    // The URL parser's own normal forms (hex, short, mapped) are judged as addresses too.
    for (const url of ["https://0x7f.1/x", "https://2130706433/x", "https://[::ffff:127.0.0.1]/x"])
      expect(checkEndpointUrl(url, production).ok, url).toBe(false);
    for (const url of [
      "https://10.0.0.8/x",
      "https://[fd00::8]/x",
      "https://[::ffff:10.0.0.8]/x",
      "https://u:p@hooks.example.com/x",
      "https://hooks.example.com/x#frag",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "not a url",
    ])
      expect(checkEndpointUrl(url, development).ok, url).toBe(false);
  });

  it("refuses at delivery time a host name that resolves to a refused address", async () => {
    expect(await checkedAddress("localhost", production)).toMatchObject({ refusal: expect.stringMatching(/loopback/) });
    expect(await checkedAddress("localhost", development)).toEqual({ address: "127.0.0.1", family: 4 });
    expect(await checkedAddress("10.1.1.1", production)).toMatchObject({ refusal: expect.stringMatching(/private/) });
  });
});

describe("retry schedule", () => {
  it("doubles from the base with jitter in the upper half, capped at an hour", () => {
    const base = 30_000;
    for (let attempt = 1; attempt <= 20; attempt++) {
      const full = Math.min(base * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
      expect(retryDelayMs(attempt, base, () => 0)).toBe(full / 2);
      expect(retryDelayMs(attempt, base, () => 1)).toBe(full);
    }
    expect(retryDelayMs(2, base, () => 0.5)).toBe(2 * retryDelayMs(1, base, () => 0.5));
  });

  it("keeps trying through the 24-hour window: about 30 attempts with the default base", () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed <= 24 * 60 * 60 * 1000) {
      attempts += 1;
      elapsed += retryDelayMs(attempts, 30_000, () => 1);
    }
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });
});

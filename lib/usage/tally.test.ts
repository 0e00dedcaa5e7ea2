import { describe, expect, it } from "vitest";
import { HOUR_MS, hourOf, MAX_RECENT_CLIENTS, UsageTally } from "./tally";
import { usageClientOf, MAX_USER_AGENT_LENGTH } from "./client";

const T0 = Date.UTC(2031, 5, 1, 12, 10);
const client = (address: string, userAgent = "curl/8") => ({ address, userAgent });

describe("the usage tally (in memory, between flushes)", () => {
  it("counts uses per credential, UTC hour and outcome", () => {
    const tally = new UsageTally();
    tally.add("a", "accepted", client("1.1.1.1"), T0);
    tally.add("a", "accepted", client("1.1.1.1"), T0 + 40 * 60_000); // same hour (12:50)
    tally.add("a", "accepted", client("1.1.1.1"), T0 + HOUR_MS); // next hour
    tally.add("a", "revoked", client("1.1.1.1"), T0);
    tally.add("b", "accepted", client("2.2.2.2"), T0);
    const batch = tally.take();
    expect(batch.counts).toEqual(
      expect.arrayContaining([
        { credentialId: "a", hour: hourOf(T0), outcome: "accepted", count: 2 },
        { credentialId: "a", hour: hourOf(T0) + 1, outcome: "accepted", count: 1 },
        { credentialId: "a", hour: hourOf(T0), outcome: "revoked", count: 1 },
        { credentialId: "b", hour: hourOf(T0), outcome: "accepted", count: 1 },
      ]),
    );
    expect(batch.counts).toHaveLength(4);
    expect(tally.take()).toEqual({ counts: [], clients: [], dropped: 0 });
  });

  it("keeps the last 5 clients of a credential, each with when it was last seen", () => {
    const tally = new UsageTally();
    for (let i = 0; i < 8; i++) tally.add("a", "accepted", client(`10.0.0.${i}`), T0 + i * 1000);
    tally.add("a", "accepted", client("10.0.0.4"), T0 + 60_000); // seen again, later
    tally.add("a", "accepted", client("10.0.0.0"), T0 - 1000); // older than all kept: ignored
    const { clients } = tally.take();
    expect(clients).toHaveLength(MAX_RECENT_CLIENTS);
    expect(new Map(clients.map((c) => [c.address, c.lastSeenAt]))).toEqual(
      new Map([
        ["10.0.0.3", T0 + 3000],
        ["10.0.0.4", T0 + 60_000],
        ["10.0.0.5", T0 + 5000],
        ["10.0.0.6", T0 + 6000],
        ["10.0.0.7", T0 + 7000],
      ]),
    );
  });

  it("tells the same address with two user agents apart", () => {
    const tally = new UsageTally();
    tally.add("a", "accepted", client("1.1.1.1", "curl/8"), T0);
    tally.add("a", "accepted", client("1.1.1.1", "python-requests/2"), T0);
    expect(
      tally
        .take()
        .clients.map((c) => c.userAgent)
        .sort(),
    ).toEqual(["curl/8", "python-requests/2"]);
  });

  it("stays bounded: past its limit new counters are dropped and counted, known ones still add up", () => {
    const tally = new UsageTally(10);
    for (let i = 0; i < 1000; i++) tally.add(`cred-${i}`, "accepted", client("1.1.1.1"), T0);
    expect(tally.size).toBeLessThanOrEqual(10);
    tally.add("cred-0", "accepted", client("1.1.1.1"), T0);
    const batch = tally.take();
    expect(batch.counts.length + new Set(batch.clients.map((c) => c.credentialId)).size).toBeLessThanOrEqual(10);
    expect(batch.counts.find((c) => c.credentialId === "cred-0")?.count).toBe(2);
    const counted = batch.counts.reduce((sum, c) => sum + c.count, 0);
    expect(counted + batch.dropped).toBe(1001);
    expect(batch.dropped).toBeGreaterThan(0);
  });

  it("reads the rebuilt X-Forwarded-For and a truncated User-Agent", () => {
    expect(usageClientOf(new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "curl/8.5" }))).toEqual({
      address: "203.0.113.9",
      userAgent: "curl/8.5",
    });
    const long = usageClientOf(new Headers({ "user-agent": "x".repeat(5000) }));
    expect(long).toEqual({ address: "", userAgent: "x".repeat(MAX_USER_AGENT_LENGTH) });
  });
});

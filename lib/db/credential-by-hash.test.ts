// Next.js can load a module more than once in one server (a copy per route bundle), while the
// app's database client is one per process (lib/db.ts): the prepared statement attached to the
// client through one copy must be found through another, or every verifier cache miss falls
// back to the Prisma read.
import { describe, expect, it, vi } from "vitest";
import type { CredentialRowQuery } from "./credential-by-hash";

describe("the prepared credential statement of a client", () => {
  it("is found through another copy of the module", async () => {
    const first = await import("./credential-by-hash");
    vi.resetModules();
    const second = await import("./credential-by-hash");
    expect(second).not.toBe(first);
    const client = {};
    const query: CredentialRowQuery = { byHash: async () => null, close: async () => {} };
    first.attachCredentialRowQuery(client, query);
    expect(second.credentialRowQueryOf(client)).toBe(query);
    expect(second.credentialRowQueryOf({})).toBeUndefined();
  });
});

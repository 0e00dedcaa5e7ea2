// The per-address limit on refused verifications, through the verifier and a real database:
// random tokens with valid checksums, sent at once from one address, make at most N database
// reads and N refusals; the rest are 429 with Retry-After, and other addresses are untouched.
import { afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { cacheSizes, invalidateCredentialCache } from "@/lib/credentials/cache";
import { createApiKey } from "@/lib/credentials/api-keys";
import { mintSecret } from "@/lib/credentials/format";
import { apiKey } from "@/lib/credentials/kinds/api-key";
import { ProtocolError } from "@/lib/http/protocol-error";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { RefusalLimit } from "./refusal-limit";
import { verifyRequest } from "./verify";

const context: RequestContext = { ip: "198.51.100.7", userAgent: "vitest" };
const ATTACKER = "203.0.113.9";

describeEachDatabase("refused-verification limit per address", (get) => {
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let ownerId: string;

  beforeAll(async () => {
    const { db } = get();
    const accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    ownerId = (await createTestUser(db, accountId)).id;
  });

  beforeEach(() => invalidateCredentialCache());
  afterEach(() => vi.useRealTimers());

  async function newKey(): Promise<string> {
    const result = await createApiKey(get().db, admin, { name: `Key ${Math.random()}`, userId: ownerId }, context);
    if (!("created" in result)) throw new Error("expected a new key");
    return result.created.secret;
  }

  const verify = (secret: string, address: string, limit: RefusalLimit) =>
    verifyRequest(
      {
        method: "GET",
        headers: new Headers({ authorization: `key ${secret}`, "x-forwarded-for": address }),
        searchParams: new URLSearchParams(),
      },
      { database: get().db, refusalLimit: limit },
    );

  const statusOf = (answer: Awaited<ReturnType<typeof verify>>) =>
    answer instanceof ProtocolError ? answer.status : 200;

  it("answers 40 concurrent unknown tokens from one address with 10 refusals and 30 429s, reading 10 times", async () => {
    const limit = new RefusalLimit(10);
    const cached = await newKey();
    // The clock stands still, so the known credential's cache entry (750 ms) outlives the burst
    // on a loaded machine.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    expect(statusOf(await verify(cached, ATTACKER, limit))).toBe(200);

    const answers = await Promise.all(
      Array.from({ length: 40 }, () => verify(mintSecret(apiKey.code), ATTACKER, limit)),
    );
    const refused = answers.filter((answer) => answer instanceof ProtocolError && answer.status === 401);
    const limited = answers.filter((answer) => answer instanceof ProtocolError && answer.status === 429);
    expect(refused).toHaveLength(10);
    expect(limited).toHaveLength(30);
    for (const answer of limited) {
      expect((answer as ProtocolError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect((answer as ProtocolError).retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // Only the 10 that had a refusal left reached the database (each found nothing).
    expect(cacheSizes().unknown).toBe(10);

    // The address's known credential still works from the cache; a new one needs a read and
    // waits like the guesses; another address is not limited by this one's refusals.
    expect(statusOf(await verify(cached, ATTACKER, limit))).toBe(200);
    expect(statusOf(await verify(await newKey(), ATTACKER, limit))).toBe(429);
    expect(statusOf(await verify(mintSecret(apiKey.code), "198.51.100.20", limit))).toBe(401);
  });

  it("counts refusals answered without the database (bad checksums), before answering them", async () => {
    const limit = new RefusalLimit(3);
    const secret = mintSecret(apiKey.code);
    const mistyped = `${secret.slice(0, -1)}${secret.endsWith("0") ? "1" : "0"}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => verify(mistyped, ATTACKER, limit)));
    expect(answers.map(statusOf).sort()).toEqual([401, 401, 401, 429, 429]);
  });

  it("gives back what a look-up reserved when the credential is usable: valid first uses never add up", async () => {
    const limit = new RefusalLimit(2);
    for (let i = 0; i < 5; i++) expect(statusOf(await verify(await newKey(), ATTACKER, limit))).toBe(200);
    expect(statusOf(await verify(mintSecret(apiKey.code), ATTACKER, limit))).toBe(401);
  });
});

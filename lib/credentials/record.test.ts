// The verifier's miss path reads a credential through a prepared statement of its own
// (lib/db/credential-by-hash.ts): it must give exactly what the Prisma read gives, for every
// shape of credential, and it must be cheaper. The figures are printed for the README.
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { createApiKey, revokeApiKey } from "@/lib/credentials/api-keys";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { hashSecret } from "@/lib/credentials/hash";
import { mintSecret } from "@/lib/credentials/format";
import { apiKey } from "@/lib/credentials/kinds/api-key";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { loadCredentialRecord, loadCredentialRecordThroughPrisma } from "./record";

const context: RequestContext = { ip: "198.51.100.7", userAgent: "vitest" };

describeEachDatabase("credential record by secret hash", (get) => {
  const hashes: string[] = [];

  beforeAll(async () => {
    const { db } = get();
    const accountId = await createAccount(db);
    const admin = {
      ...(await createTestUser(db, accountId, { role: "super_admin" })),
      accountId,
      role: "super_admin" as const,
    };
    const owner = await createTestUser(db, accountId);
    const plain = await createApiKey(db, admin, { name: "Plain", userId: owner.id }, context);
    const expiring = await createApiKey(db, admin, { name: "Expiring", userId: owner.id }, context);
    if ("created" in expiring)
      await db.credential.update({
        where: { id: expiring.created.id },
        data: {
          expiresAt: new Date(Date.UTC(2031, 5, 1, 12, 30, 15, 250)),
          scopes: "users:read",
          rolledAt: new Date(),
        },
      });
    const revoked = await createApiKey(db, admin, { name: "Revoked", userId: owner.id }, context);
    for (const made of [plain, expiring, revoked]) {
      if (!("created" in made)) throw new Error("expected a new key");
      hashes.push(hashSecret(made.created.secret));
    }
    if ("created" in revoked) await revokeApiKey(db, admin, revoked.created.id, context);
    hashes.push(hashSecret((await generateAccountApiKey(db, admin, context)).secret));
    await db.account.update({ where: { id: accountId }, data: { allowQueryTokens: false } });
  });

  it("reads exactly what the Prisma read gives: owner, expiry, scopes, state, account switch, or nothing", async () => {
    const { db } = get();
    expect(hashes.length).toBeGreaterThanOrEqual(3);
    for (const hash of [...hashes, hashSecret(mintSecret(apiKey.code))]) {
      expect(await loadCredentialRecord(db, hash)).toEqual(await loadCredentialRecordThroughPrisma(db, hash));
    }
    const expiring = await loadCredentialRecord(db, hashes[1]!);
    expect(expiring).toMatchObject({
      expiresAt: Date.UTC(2031, 5, 1, 12, 30, 15, 250),
      accountSettings: { allowQueryTokens: false },
    });
  });

  it("answers look-ups asked at once (repeated, unknown, more than one query's worth) each as if asked alone", async () => {
    const { db } = get();
    // PostgreSQL sends the misses of one turn of the event loop as one query, at most 100
    // hashes each: 160 distinct unknown hashes make it two queries, with the known ones inside.
    const unknown = Array.from({ length: 160 }, () => hashSecret(mintSecret(apiKey.code)));
    const asked = unknown.flatMap((hash, i) => (i % 20 === 0 ? [...hashes, hash, hashes[0]!] : [hash]));
    const together = await Promise.all(asked.map((hash) => loadCredentialRecord(db, hash)));
    const known = new Map(
      await Promise.all(hashes.map(async (hash) => [hash, await loadCredentialRecordThroughPrisma(db, hash)] as const)),
    );
    asked.forEach((hash, i) => expect(together[i]).toEqual(known.get(hash) ?? null));
    expect(together.filter((record) => record !== null).length).toBe(8 * (hashes.length + 1));
  });

  it("costs less than the Prisma read (miss path figures)", { timeout: 120_000 }, async () => {
    const { db, kind } = get();
    const rounds = 300;
    const measure = async (read: (hash: string) => Promise<unknown>) => {
      for (let i = 0; i < 50; i++) await read(hashes[i % hashes.length]!);
      const started = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) await read(hashes[i % hashes.length]!);
      return Number(process.hrtime.bigint() - started) / 1_000 / rounds;
    };
    // Alternating, best of three each, so a busy moment on a shared machine does not pick the winner.
    const prepared: number[] = [];
    const prisma: number[] = [];
    for (let i = 0; i < 3; i++) {
      prepared.push(await measure((hash) => loadCredentialRecord(db, hash)));
      prisma.push(await measure((hash) => loadCredentialRecordThroughPrisma(db, hash)));
    }
    const best = (values: number[]) => Math.min(...values).toFixed(1);
    console.log(
      `${kind}: credential by hash, prepared statement ${best(prepared)} us, Prisma findUnique ${best(prisma)} us`,
    );
    expect(Math.min(...prepared)).toBeLessThan(Math.min(...prisma));
  });
});

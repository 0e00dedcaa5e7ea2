// SQLite without Redis: a change another process commits to the file reaches this process's
// look-up cache within COMMITS_BY_OTHERS_CHECK_MS, while cached entries otherwise live for
// minutes. The other process is a real one (node with better-sqlite3 on the same file).
import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { createApiKey } from "@/lib/credentials/api-keys";
import {
  CACHE_TTL_MS,
  cachedLookup,
  cacheKeyOf,
  cacheLifetime,
  COMMITS_BY_OTHERS_CHECK_MS,
  CONNECTED_CACHE_TTL_MS,
  invalidateCredentialCache,
} from "@/lib/credentials/cache";
import { hashSecret } from "@/lib/credentials/hash";
import { loadCredentialRecord } from "@/lib/credentials/record";
import { verifyRequest } from "@/lib/verifier/verify";
import { createTestDatabase, type TestDatabase } from "@/test/databases";
import { createAccount, createTestUser } from "@/test/fixtures";
import { watchSqliteCommits, type FileWatch } from "./commit-watch";

const context: RequestContext = { ip: "198.51.100.7", userAgent: "vitest" };
const pastTheCheck = () => new Promise((resolve) => setTimeout(resolve, COMMITS_BY_OTHERS_CHECK_MS + 20));

/** Runs one statement on the file from another process, as the seed script or a second server would. */
function commitFromAnotherProcess(sqlitePath: string, sql: string, ...params: string[]): void {
  execFileSync(process.execPath, [
    "-e",
    `const Database = require("better-sqlite3");
     const db = new Database(process.argv[1], { timeout: 10000 });
     db.prepare(process.argv[2]).run(...process.argv.slice(3));
     db.close();`,
    sqlitePath,
    sql,
    ...params,
  ]);
}

describe("the SQLite file as the change channel", () => {
  let database: TestDatabase;
  let channel: FileWatch | null = null;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let ownerId: string;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    const accountId = await createAccount(database.db);
    admin = {
      ...(await createTestUser(database.db, accountId, { role: "super_admin" })),
      accountId,
      role: "super_admin",
    };
    ownerId = (await createTestUser(database.db, accountId)).id;
  });
  afterAll(() => database.drop());

  beforeEach(() => {
    invalidateCredentialCache();
    channel = watchSqliteCommits(database.db);
  });
  afterEach(async () => {
    await channel?.stop();
  });

  async function newKey() {
    const result = await createApiKey(database.db, admin, { name: `Key ${Math.random()}`, userId: ownerId }, context);
    if (!("created" in result)) throw new Error("expected a new key");
    return { ...result.created, secretHash: hashSecret(result.created.secret) };
  }

  function loader(secretHash: string) {
    const load = async () => {
      load.reads += 1;
      return loadCredentialRecord(database.db, secretHash);
    };
    load.reads = 0;
    return load;
  }

  const verifyKey = (secret: string) =>
    verifyRequest(
      { method: "GET", headers: new Headers({ authorization: `key ${secret}` }), searchParams: new URLSearchParams() },
      { database: database.db },
    );

  it("is up, and lets cached entries live for minutes", () => {
    expect(channel).not.toBeNull();
    expect(channel!.transport).toBe("sqlite");
    expect(channel!.up()).toBe(true);
    expect(cacheLifetime()).toBe(CONNECTED_CACHE_TTL_MS);
  });

  it("refuses a credential another process revoked, once the check interval has passed", async () => {
    const key = await newKey();
    expect(await verifyKey(key.secret)).toMatchObject({ credential: { id: key.id } });
    // Past the 750 ms a cache without a channel would have trusted the entry for.
    await new Promise((resolve) => setTimeout(resolve, CACHE_TTL_MS + 100));
    const stillCached = loader(key.secretHash);
    expect(await cachedLookup(cacheKeyOf(key.secret), stillCached)).toMatchObject({ status: "active" });
    expect(stillCached.reads).toBe(0);

    commitFromAnotherProcess(
      database.sqlitePath!,
      `UPDATE "Credential" SET "status" = 'revoked' WHERE "id" = ?`,
      key.id,
    );
    await pastTheCheck();
    expect(await verifyKey(key.secret)).toMatchObject({ status: 401, description: "The credential has been revoked" });
  });

  it("does not forget on this process's own commits, which clear the cache themselves", async () => {
    const key = await newKey();
    const first = loader(key.secretHash);
    await cachedLookup(cacheKeyOf(key.secret), first);
    expect(first.reads).toBe(1);
    // A write on the app's own connection that changes no credential.
    await database.db.$executeRawUnsafe(`UPDATE "User" SET "name" = "name" WHERE "id" = ?`, ownerId);
    await pastTheCheck();
    const again = loader(key.secretHash);
    await cachedLookup(cacheKeyOf(key.secret), again);
    expect(again.reads).toBe(0);
  });

  it("stops: the 750 ms lifetime returns", async () => {
    await channel!.stop();
    expect(channel!.up()).toBe(false);
    expect(cacheLifetime()).toBe(CACHE_TTL_MS);
    channel = null;
  });
});

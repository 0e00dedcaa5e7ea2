import { afterAll, beforeAll, expect, it } from "vitest";
import { Worker } from "node:worker_threads";
import { createTestDatabase, type TestDatabase } from "@/test/databases";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { SerializedBetterSqlite3 } from "./serialized-sqlite";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase("sqlite");
});
afterAll(async () => {
  await database.drop();
});

it("SQLite: a write made outside a transaction is not swallowed by another request's transaction that rolls back", async () => {
  const { db } = database;
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const rolledBack = db
    .$transaction(async (tx) => {
      await tx.account.create({ data: { name: "rolled back" } });
      entered();
      await new Promise((resolve) => setTimeout(resolve, 200));
      throw new Error("roll back");
    })
    .catch(() => undefined);
  await inside;
  // Another request's write while that transaction is open: it must wait, not join it.
  await db.account.create({ data: { name: "outside" } });
  await rolledBack;
  expect(await db.account.count({ where: { name: "outside" } })).toBe(1);
  expect(await db.account.count({ where: { name: "rolled back" } })).toBe(0);
});

it("SQLite: a transaction that reads and then writes waits for another process's write instead of failing with SQLITE_BUSY", async () => {
  const { db, sqlitePath } = database;
  // The other process: a worker thread with its own connection to the same file, as the
  // seed script or a second server would have.
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const Database = require(workerData.module);
     const other = new Database(workerData.path);
     other.pragma("busy_timeout = 10000");
     parentPort.once("message", () => {
       try {
         other.prepare('INSERT INTO "Account" ("id", "name") VALUES (?, ?)').run("other-process", "other process");
         parentPort.postMessage("written");
       } catch (error) {
         parentPort.postMessage(String(error));
       }
       other.close();
     });`,
    { eval: true, workerData: { path: sqlitePath, module: require.resolve("better-sqlite3") } },
  );
  const written = new Promise<string>((resolve) => worker.once("message", resolve));
  try {
    await db.$transaction(async (tx) => {
      await tx.account.count();
      // The other process writes while this transaction holds what it has read.
      worker.postMessage("write");
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.account.create({ data: { name: "read, then written" } });
    });
    expect(await written).toBe("written");
    expect(await db.account.count({ where: { name: { in: ["read, then written", "other process"] } } })).toBe(2);
  } finally {
    await worker.terminate();
  }
});

it("SQLite: a transaction that could not begin (another process held the write lock past busy_timeout) leaves the connection usable", async () => {
  const { sqlitePath } = database;
  // A client of its own with a short busy_timeout, so the other process outlasts it quickly.
  const client = new PrismaClient({ adapter: new SerializedBetterSqlite3({ url: sqlitePath!, timeout: 100 }) });
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const Database = require(workerData.module);
     const other = new Database(workerData.path);
     other.prepare("BEGIN IMMEDIATE").run();
     parentPort.postMessage("locked");
     setTimeout(() => { other.prepare("COMMIT").run(); other.close(); parentPort.postMessage("released"); }, 600);`,
    { eval: true, workerData: { path: sqlitePath, module: require.resolve("better-sqlite3") } },
  );
  try {
    const messages: string[] = [];
    const released = new Promise<void>((resolve) =>
      worker.on("message", (message: string) => {
        messages.push(message);
        if (message === "released") resolve();
      }),
    );
    while (!messages.includes("locked")) await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(
      client.$transaction(async (tx) => tx.account.create({ data: { name: "while locked" } })),
    ).rejects.toThrow(/timed out|locked|busy/i);
    await released;
    // Before the fix the adapter kept its own transaction mutex after the failed BEGIN, and
    // every later transaction and query of this connection waited for it forever.
    const after = client.$transaction(async (tx) => tx.account.create({ data: { name: "after the lock" } }));
    const stuck = new Promise((resolve) => setTimeout(() => resolve("stuck"), 3000));
    expect(await Promise.race([after.then(() => "written"), stuck])).toBe("written");
    expect(await client.account.count({ where: { name: "after the lock" } })).toBe(1);
  } finally {
    await worker.terminate();
    await client.$disconnect();
  }
});

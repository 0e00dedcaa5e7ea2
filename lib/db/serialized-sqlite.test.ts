import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/databases";

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

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createDb } from "../db/client";

// The README's `npm run db:seed`, run as a user runs it: a separate process on a new file.
it("npm run db:seed migrates a new SQLite file, loads the demo network once, and prints the users", async () => {
  const sqlitePath = join(mkdtempSync(join(tmpdir(), "keyward-seed-")), "keyward.db");
  const env = {
    ...process.env,
    DATABASE_URL: `file:${sqlitePath}`,
    KEYWARD_DEMO_PASSWORD: "demo password 1234",
    NODE_ENV: "test" as const,
  };
  const first = execFileSync("npm", ["run", "--silent", "db:seed"], { env, encoding: "utf8" });
  expect(first).toContain("network.user@keyward.local");
  const second = execFileSync("npm", ["run", "--silent", "db:seed"], { env, encoding: "utf8" });
  expect(second).toContain("already loaded");
  const db = await createDb({ kind: "sqlite", url: `file:${sqlitePath}`, sqlitePath });
  try {
    expect(await db.advertiser.count()).toBe(2);
    expect(await db.publisher.count()).toBe(1);
    expect((await db.user.findMany({ select: { role: true } })).map((u) => u.role).sort()).toEqual([
      "advertiser_user",
      "network_user",
      "publisher_user",
      "super_admin",
    ]);
  } finally {
    await db.$disconnect();
  }
}, 60_000);

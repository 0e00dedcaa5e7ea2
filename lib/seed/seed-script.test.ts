import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createDb } from "../db/client";

// The README's `npm run db:seed`, run as a user runs it: a separate process on a new file. The
// rules (which network, what is added when) are in demo-data.test.ts on both databases.
it("npm run db:seed on a new SQLite file makes the network and its admin, adds the demo data once, and prints what it added", async () => {
  const sqlitePath = join(mkdtempSync(join(tmpdir(), "keyward-seed-")), "keyward.db");
  const env = {
    ...process.env,
    DATABASE_URL: `file:${sqlitePath}`,
    KEYWARD_DEMO_PASSWORD: "demo password 1234",
    KEYWARD_ADMIN_EMAIL: "owner@example.test",
    KEYWARD_ADMIN_PASSWORD: "owner password 1234",
    NODE_ENV: "test" as const,
  };
  const first = execFileSync("npm", ["run", "--silent", "db:seed"], { env, encoding: "utf8" });
  expect(first).toContain("first super admin created");
  expect(first).toContain("owner@example.test");
  expect(first).toContain('Demo data added to network "Keyward":');
  for (const line of [
    "+ advertiser Acme Outdoor (1111)",
    "+ advertiser Bluebird Travel (2222)",
    "+ publisher Northwind Media (3333)",
    "+ user network.user@keyward.local (network user)",
    "+ user advertiser.user@keyward.local (advertiser user)",
    "+ user publisher.user@keyward.local (publisher user)",
  ])
    expect(first).toContain(line);
  expect(first).toContain("Demo users' password: the one in KEYWARD_DEMO_PASSWORD");
  expect(first).not.toContain("demo password 1234");

  const second = execFileSync("npm", ["run", "--silent", "db:seed"], { env, encoding: "utf8" });
  expect(second.trim()).toBe('Demo data: nothing added to network "Keyward"; it already has all of it.');

  const db = await createDb({ kind: "sqlite", url: `file:${sqlitePath}`, sqlitePath });
  try {
    const [account] = await db.account.findMany({ select: { id: true } });
    expect(await db.account.count()).toBe(1);
    expect(await db.advertiser.count({ where: { accountId: account!.id } })).toBe(2);
    expect(await db.publisher.count({ where: { accountId: account!.id } })).toBe(1);
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

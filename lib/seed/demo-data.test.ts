import { expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createNetwork } from "../accounts/create-network";
import { signInWithPassword } from "../auth/sign-in";
import { ensureFirstAdmin } from "../bootstrap/first-admin";
import { organizationData } from "../organizations/rows";
import { seedDemoData } from "./demo-data";

const password = "demo password 1234";

describeEachDatabase("npm run db:seed on an empty database", (get) => {
  it("makes the first network and its super admin as the bootstrap does, then adds the demo data to it", async () => {
    const { db } = get();
    const result = await seedDemoData(db, { password, admin: {} });
    expect(result.bootstrap).toMatchObject({ created: true, email: "admin@keyward.local" });
    expect(result.account.name).toBe("Keyward");
    expect(await db.account.count()).toBe(1);
    const generated = result.bootstrap?.generatedPassword;
    if (!generated) throw new Error("expected a generated admin password");
    const admin = await signInWithPassword(db, { email: "admin@keyward.local", password: generated }, NO_CONTEXT);
    expect(admin.ok).toBe(true);
    expect(result.added).toEqual([
      "advertiser Acme Outdoor (1111)",
      "advertiser Bluebird Travel (2222)",
      "publisher Northwind Media (3333)",
      "user network.user@keyward.local (network user)",
      "user advertiser.user@keyward.local (advertiser user)",
      "user publisher.user@keyward.local (publisher user)",
    ]);
    expect(result.addedUsers).toBe(true);
    const demoUser = await signInWithPassword(db, { email: "advertiser.user@keyward.local", password }, NO_CONTEXT);
    expect(demoUser.ok).toBe(true);
    const advertiserUser = await db.user.findUniqueOrThrow({
      where: { email: "advertiser.user@keyward.local" },
      select: { accountId: true, advertiser: { select: { idFromNetwork: true } } },
    });
    expect(advertiserUser).toEqual({ accountId: result.account.id, advertiser: { idFromNetwork: "1111" } });
    // Through the audited write path, as the screens write.
    expect(await db.auditEvent.count({ where: { accountId: result.account.id, action: "advertiser.created" } })).toBe(
      2,
    );
  });

  it("a second run adds nothing and says so", async () => {
    const { db } = get();
    const before = { advertisers: await db.advertiser.count(), users: await db.user.count() };
    const again = await seedDemoData(db, { password: "another password 1", admin: {} });
    expect(again).toMatchObject({ bootstrap: null, added: [], notAdded: [], addedUsers: false });
    expect(again.alreadyThere).toHaveLength(6);
    expect({ advertisers: await db.advertiser.count(), users: await db.user.count() }).toEqual(before);
  });
});

describeEachDatabase("npm run db:seed on a network in use", (get) => {
  it("adds to the first (oldest) network only what it lacks, and leaves the network's own data alone", async () => {
    const { db } = get();
    const bootstrap = await ensureFirstAdmin(db, { email: "owner@example.test", password: "owner password 123" });
    expect(bootstrap.created).toBe(true);
    const first = await db.account.findFirstOrThrow();
    // A later network, made as the docs say, gets nothing.
    const second = await createNetwork(db, { name: "Second Network", adminEmail: "second@example.test" });
    // The first network already has Bluebird Travel under its id, and its own advertiser named
    // "ACME OUTDOOR" (names are unique regardless of case), so Acme Outdoor cannot be added.
    await db.advertiser.create({ data: organizationData(first.id, "2222", "Bluebird Travel") });
    await db.advertiser.create({ data: organizationData(first.id, "7", "ACME OUTDOOR") });

    const result = await seedDemoData(db, { password, admin: {} });
    expect(result.bootstrap).toBeNull();
    expect(result.account.id).toBe(first.id);
    expect(result.added).toEqual([
      "publisher Northwind Media (3333)",
      "user network.user@keyward.local (network user)",
      "user publisher.user@keyward.local (publisher user)",
    ]);
    expect(result.alreadyThere).toEqual(["advertiser Bluebird Travel (2222)"]);
    expect(result.notAdded).toEqual([
      "advertiser Acme Outdoor (1111): Advertiser 7 already has this name; names are unique within the network",
      "user advertiser.user@keyward.local (advertiser user): the demo advertiser it belongs to is missing",
    ]);
    expect(await db.account.count()).toBe(2);
    expect(await db.advertiser.count({ where: { accountId: second.accountId } })).toBe(0);
    expect(await db.user.count({ where: { accountId: second.accountId } })).toBe(1);
    expect(
      (await db.advertiser.findMany({ where: { accountId: first.id }, orderBy: { idFromNetwork: "asc" } })).map(
        (row) => `${row.idFromNetwork} ${row.name}`,
      ),
    ).toEqual(["2222 Bluebird Travel", "7 ACME OUTDOOR"]);
  });
});

const NO_CONTEXT = { ip: null, userAgent: null };

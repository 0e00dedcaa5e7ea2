import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, TEST_PASSWORD, uniqueEmail } from "@/test/fixtures";
import { listAffiliationChoices } from "./affiliation-choices";
import { createUser } from "./create-user";
import { UserRuleError } from "./errors";
import { organizationData } from "../organizations/rows";

describeEachDatabase("creating a user", (get) => {
  let accountId: string;
  const actor = () => ({ ...SYSTEM_ACTOR, accountId });
  const base = () => ({
    email: uniqueEmail(),
    name: "New Person",
    password: TEST_PASSWORD,
    role: "network_user" as const,
  });

  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  it("refuses an email that exists in any letter case, on the email field", async () => {
    const { db } = get();
    const first = await createUser(db, accountId, base(), actor(), NO_REQUEST);
    const refusal = await createUser(
      db,
      accountId,
      { ...base(), email: `  ${first.email.toUpperCase()} ` },
      actor(),
      NO_REQUEST,
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(UserRuleError);
    expect(refusal).toMatchObject({ field: "email", message: "A user with this email already exists" });
    expect(await db.user.count({ where: { email: first.email } })).toBe(1);
  });

  it("creates one of several simultaneous creates of one email and refuses the others as duplicates", async () => {
    const { db } = get();
    const input = base();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => createUser(db, accountId, input, actor(), NO_REQUEST)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const rejected of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(rejected.reason).toBeInstanceOf(UserRuleError);
      expect(rejected.reason).toMatchObject({ field: "email" });
    }
    expect(await db.user.count({ where: { email: input.email } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "user.created", targetLabel: input.email } })).toBe(1);
  });

  it("answers a duplicate that only the unique index catches (another instance's uncommitted insert) as a duplicate email", async (context) => {
    // Only PostgreSQL has concurrent writers; SQLite serialises them, so the look-up sees the row.
    if (get().kind !== "postgresql") context.skip();
    const { db, url } = get();
    const input = base();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(
        `INSERT INTO "User" ("id", "accountId", "email", "name", "passwordHash", "role", "status", "updatedAt") VALUES ($1, $2, $3, 'Other instance', 'x', 'network_user', 'active', now())`,
        [`race-${Date.now()}`, accountId, input.email],
      );
      const creating = createUser(db, accountId, input, actor(), NO_REQUEST).catch((e: unknown) => e);
      // Long enough for createUser to pass its look-up and wait on the index.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await other.query("COMMIT");
      const refusal = await creating;
      expect(refusal).toBeInstanceOf(UserRuleError);
      expect(refusal).toMatchObject({ field: "email", message: "A user with this email already exists" });
    } finally {
      await other.end();
    }
    expect(await db.user.count({ where: { email: input.email } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "user.created", targetLabel: input.email } })).toBe(0);
  });

  it("requires an advertiser of the same account for advertiser users, and none for other roles", async () => {
    const { db } = get();
    const advertiser = await db.advertiser.create({ data: organizationData(accountId, "acme", "Acme") });
    const foreign = await db.advertiser.create({
      data: organizationData(await createAccount(db, "Elsewhere"), "foreign", "Foreign"),
    });
    await expect(
      createUser(db, accountId, { ...base(), role: "advertiser_user" }, actor(), NO_REQUEST),
    ).rejects.toMatchObject({ field: "advertiserId" });
    await expect(
      createUser(db, accountId, { ...base(), role: "advertiser_user", advertiserId: foreign.id }, actor(), NO_REQUEST),
    ).rejects.toMatchObject({ field: "advertiserId" });
    await expect(
      createUser(db, accountId, { ...base(), advertiserId: advertiser.id }, actor(), NO_REQUEST),
    ).rejects.toMatchObject({ field: "advertiserId" });
    const created = await createUser(
      db,
      accountId,
      { ...base(), role: "advertiser_user", advertiserId: advertiser.id },
      actor(),
      NO_REQUEST,
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: created.id } })).advertiserId).toBe(advertiser.id);
  });

  it("offers and accepts only advertisers and publishers the network has not archived", async () => {
    const { db } = get();
    const open = await db.advertiser.create({ data: organizationData(accountId, "open-1", "Open One") });
    const archived = await db.advertiser.create({
      data: organizationData(accountId, "retired-1", "Retired One", "Archived"),
    });
    const archivedPublisher = await db.publisher.create({
      data: organizationData(accountId, "retired-p", "Retired Publisher", "Archived"),
    });
    const choices = await listAffiliationChoices(db, accountId);
    expect(choices.advertisers).toContainEqual({ id: open.id, name: "Open One", idFromNetwork: "open-1" });
    expect(choices.advertisers.map((choice) => choice.id)).not.toContain(archived.id);
    expect(choices.publishers.map((choice) => choice.id)).not.toContain(archivedPublisher.id);

    const input = { ...base(), role: "advertiser_user" as const, advertiserId: archived.id };
    await expect(createUser(db, accountId, input, actor(), NO_REQUEST)).rejects.toMatchObject({
      field: "advertiserId",
      message: "This advertiser is archived",
    });
    await expect(
      createUser(
        db,
        accountId,
        { ...base(), role: "publisher_user", publisherId: archivedPublisher.id },
        actor(),
        NO_REQUEST,
      ),
    ).rejects.toMatchObject({ field: "publisherId", message: "This publisher is archived" });
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);
  });
});

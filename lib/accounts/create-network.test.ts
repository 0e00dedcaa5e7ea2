import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createTestUser } from "@/test/fixtures";
import { signInWithPassword } from "../auth/sign-in";
import { ensureFirstAdmin } from "../bootstrap/first-admin";
import { countOrganizations } from "../organizations/count";
import { organizationData } from "../organizations/rows";
import { listUsers } from "../users/list-users";
import { runAccountCreate } from "./account-create-command";
import { createNetwork } from "./create-network";

const NO_CONTEXT = { ip: null, userAgent: null };

describeEachDatabase("npm run account:create (a second network)", (get) => {
  let firstAccountId: string;
  beforeAll(async () => {
    const { db } = get();
    await ensureFirstAdmin(db, { email: "first@example.test", password: "first admin password" });
    firstAccountId = (await db.account.findFirstOrThrow()).id;
    await db.advertiser.create({ data: organizationData(firstAccountId, "1111", "Acme Outdoor") });
    await createTestUser(db, firstAccountId, { email: "first.network.user@example.test" });
  });

  it("makes the account and its super admin, whose printed one-time password signs in to an empty network", async () => {
    const { db } = get();
    const result = await runAccountCreate(db, ["--name", "Second Network", "--admin-email", "  Boss@Second.TEST "]);
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain('Network "Second Network" created');
    expect(result.output).toContain("email:    boss@second.test");
    const password = /password: (\S+)/.exec(result.output)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(20);

    const signIn = await signInWithPassword(db, { email: "boss@second.test", password: password! }, NO_CONTEXT);
    if (!signIn.ok) throw new Error("the new admin could not sign in");
    const admin = await db.user.findUniqueOrThrow({ where: { email: "boss@second.test" } });
    expect(admin).toMatchObject({ role: "super_admin", status: "active", isApiUser: false, name: "Super Admin" });
    expect(admin.accountId).not.toBe(firstAccountId);
    expect(await db.account.findUniqueOrThrow({ where: { id: admin.accountId } })).toMatchObject({
      name: "Second Network",
    });
    // The audit row is in the new network's log, and names no secret.
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { accountId: admin.accountId, action: "user.created" },
    });
    expect(audit).toMatchObject({ actorLabel: "system", targetLabel: "boss@second.test" });
    expect(audit.details).not.toContain(password!);

    // Fully isolated: the new network has none of the first one's users or advertisers.
    const member = { accountId: admin.accountId, role: "super_admin", advertiserId: null, publisherId: null };
    expect(await countOrganizations(db, member, "advertiser")).toBe(0);
    expect(await countOrganizations(db, { ...member, accountId: firstAccountId }, "advertiser")).toBe(1);
    const users = await listUsers(db, admin.accountId, 1);
    expect(users.rows.map((row) => row.email)).toEqual(["boss@second.test"]);
  });

  it("refuses a missing name, a bad email and unknown options, naming the option, and creates nothing", async () => {
    const { db } = get();
    const accounts = await db.account.count();
    const missing = await runAccountCreate(db, ["--admin-email", "not-an-email"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.output).toContain("--name: Give the network a name");
    expect(missing.output).toContain("--admin-email: Enter a valid email address");
    expect(missing.output).toContain("Usage: npm run account:create");
    const noEmail = await runAccountCreate(db, ["--name", "Third"]);
    expect(noEmail).toMatchObject({ exitCode: 2 });
    expect(noEmail.output).toContain("--admin-email: Give the email of the network's super admin");
    const blankName = await runAccountCreate(db, ["--name", "  ", "--admin-email", "third@example.test"]);
    expect(blankName.output).toContain("--name: Give the network a name");
    const unknown = await runAccountCreate(db, ["--name", "Third", "--admin", "third@example.test"]);
    expect(unknown).toMatchObject({ exitCode: 2 });
    expect(unknown.output).toContain("--admin");
    const noValue = await runAccountCreate(db, ["--admin-email", "third@example.test", "--name"]);
    expect(noValue).toMatchObject({ exitCode: 2 });
    expect(await db.account.count()).toBe(accounts);
  });

  it("refuses an email that already has a user, in any network and any case, and creates nothing", async () => {
    const { db } = get();
    const accounts = await db.account.count();
    const taken = await runAccountCreate(db, ["--name", "Copycat", "--admin-email", "FIRST.network.user@example.test"]);
    expect(taken.exitCode).toBe(1);
    expect(taken.output).toContain("--admin-email: first.network.user@example.test already has a user");
    expect(await db.account.count()).toBe(accounts);
  });

  it("two commands with one email at once make one network; the other is refused", async () => {
    const { db } = get();
    const accounts = await db.account.count();
    const results = await Promise.allSettled([
      createNetwork(db, { name: "Race A", adminEmail: "race@example.test" }),
      createNetwork(db, { name: "Race B", adminEmail: "race@example.test" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason).toMatchObject({ reason: "email_taken" });
    expect(await db.account.count()).toBe(accounts + 1);
  });
});

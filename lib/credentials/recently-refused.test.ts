import { beforeAll, expect, it } from "vitest";
import { UsageRecorder } from "@/lib/usage/recorder";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { issueCredential } from "./issue";
import { personalCredential } from "./kinds/personal-credential";
import { recentlyRefused, RECENTLY_REFUSED_SHOWN } from "./recently-refused";

const client = { address: "203.0.113.9", userAgent: "vitest" };

describeEachDatabase("the dashboard's recently refused credentials", (get) => {
  let accountId: string;
  let admin: { id: string; accountId: string; role: string };
  let member: { id: string; accountId: string; role: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    const elsewhere = await createAccount(db, "Elsewhere");
    admin = { id: (await createTestUser(db, accountId, { role: "super_admin" })).id, accountId, role: "super_admin" };
    member = { id: (await createTestUser(db, accountId)).id, accountId, role: "network_user" };
    const colleague = (await createTestUser(db, accountId)).id;
    const stranger = (await createTestUser(db, elsewhere)).id;
    const issue = (name: string, account: string, userId: string) =>
      db.$transaction((tx) =>
        issueCredential(tx, personalCredential, { accountId: account, userId, createdById: null, name }),
      );
    ids.mine = (await issue("Mine", accountId, member.id)).id;
    ids.colleagues = (await issue("Colleague's", accountId, colleague)).id;
    ids.quiet = (await issue("Never refused", accountId, member.id)).id;
    ids.strangers = (await issue("Stranger's", elsewhere, stranger)).id;
    const recorder = new UsageRecorder({ database: async () => db, flushIntervalMs: 60_000 });
    const now = Date.now();
    for (let i = 0; i < 2; i++) recorder.refused(ids.mine!, "revoked", client, now);
    for (let i = 0; i < 5; i++) recorder.refused(ids.colleagues!, "rate_limited", client, now);
    for (let i = 0; i < 9; i++) recorder.refused(ids.strangers!, "ip", client, now);
    // Accepted uses and refusals older than the window do not count.
    for (let i = 0; i < 4; i++) recorder.accepted(ids.quiet!, client, now);
    recorder.refused(ids.quiet!, "expired", client, now - 8 * 86_400_000);
    await recorder.flush();
  });

  it("shows a super admin the account's credentials refused in the last 7 days, refused most first", async () => {
    const rows = await recentlyRefused(get().db, admin);
    expect(rows.map((row) => [row.name, row.refused])).toEqual([
      ["Colleague's", 5],
      ["Mine", 2],
    ]);
    expect(rows.length).toBeLessThanOrEqual(RECENTLY_REFUSED_SHOWN);
  });

  it("shows anyone else only their own", async () => {
    const rows = await recentlyRefused(get().db, member);
    expect(rows.map((row) => [row.id, row.refused])).toEqual([[ids.mine, 2]]);
  });
});

import { beforeAll, expect, it } from "vitest";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser, uniqueEmail } from "@/test/fixtures";
import { createUser } from "./create-user";
import { getUserProfile, listUserCredentials, PROFILE_CREDENTIALS_SHOWN } from "./get-user-profile";

describeEachDatabase("a user's profile", (get) => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount(get().db);
  });

  it("lists the newest of the user's credentials with kind, hint, state and expiry, and counts them all", async () => {
    const { db } = get();
    const user = await createTestUser(db, accountId);
    const owner = { id: user.id, email: user.email, accountId, role: "network_user" as const };
    const hints: string[] = [];
    for (let i = 0; i < PROFILE_CREDENTIALS_SHOWN + 2; i++) {
      const made = await createPersonalCredential(db, owner, { description: `Integration ${i}` }, NO_REQUEST);
      if (!("created" in made)) throw new Error("expected a credential");
      hints.push(made.created.hint);
    }
    const listed = await listUserCredentials(db, accountId, user.id);
    expect(listed.total).toBe(PROFILE_CREDENTIALS_SHOWN + 2);
    expect(listed.rows).toHaveLength(PROFILE_CREDENTIALS_SHOWN);
    expect(listed.rows[0]).toMatchObject({
      kindLabel: "API credential",
      name: `Integration ${PROFILE_CREDENTIALS_SHOWN + 1}`,
      hint: hints.at(-1),
      state: "active",
      expiresAt: null,
    });
    // Another account asking about this user sees nothing.
    const otherAccount = await createAccount(db);
    expect(await listUserCredentials(db, otherAccount, user.id)).toEqual({ total: 0, rows: [] });
  });

  it("says whether the user has a password, never the hash", async () => {
    const { db } = get();
    const person = await createTestUser(db, accountId);
    const api = await createUser(
      db,
      accountId,
      { email: uniqueEmail("api"), name: "Sync", role: "network_user", apiUser: true },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    const withPassword = await getUserProfile(db, accountId, person.id);
    expect(withPassword).toMatchObject({ hasPassword: true });
    expect(withPassword).not.toHaveProperty("passwordHash");
    expect(await getUserProfile(db, accountId, api.id)).toMatchObject({ hasPassword: false, isApiUser: true });
  });
});

// newCredentialRow is the issue path's storage format, written one at a time by issueCredential
// and thousands at once by `npm run bench`: a row written either way is a usable credential.
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { ProtocolError } from "../http/protocol-error";
import { verifyRequest, type Principal } from "../verifier/verify";
import { hashSecret } from "./hash";
import { newCredentialRow } from "./issue";
import { personalCredential } from "./kinds/personal-credential";

describeEachDatabase("a credential row as the issue path stores it", (get) => {
  let owner: { id: string; accountId: string };

  beforeAll(async () => {
    const accountId = await createAccount(get().db);
    owner = { id: (await createTestUser(get().db, accountId, { role: "network_user" })).id, accountId };
  });

  it("keeps only the keyed hash and the hint of a fresh secret, and a bulk insert of such rows verifies", async () => {
    const { db } = get();
    const rows = Array.from({ length: 3 }, (_, i) =>
      newCredentialRow(personalCredential, {
        accountId: owner.accountId,
        userId: owner.id,
        createdById: owner.id,
        name: `integration ${i}`,
      }),
    );
    expect(new Set(rows.map((row) => row.secret)).size).toBe(3);
    for (const row of rows) {
      expect(row.data.secretHash).toBe(hashSecret(row.secret));
      expect(row.data.hint).toBe(`kw_pat_…${row.secret.slice(-4)}`);
      expect(JSON.stringify(row.data)).not.toContain(row.secret);
    }
    await db.credential.createMany({ data: rows.map((row) => row.data) });

    for (const row of rows) {
      const verified = await verifyRequest(
        { method: "GET", headers: new Headers({ Authorization: row.secret }), searchParams: new URLSearchParams() },
        { database: db },
      );
      expect(verified).not.toBeInstanceOf(ProtocolError);
      expect((verified as Principal).user.id).toBe(owner.id);
      expect((verified as Principal).credential.hint).toBe(row.data.hint);
    }
    const unknown = newCredentialRow(personalCredential, {
      accountId: owner.accountId,
      userId: owner.id,
      createdById: owner.id,
      name: "never stored",
    });
    const refused = await verifyRequest(
      { method: "GET", headers: new Headers({ Authorization: unknown.secret }), searchParams: new URLSearchParams() },
      { database: db },
    );
    expect(refused).toBeInstanceOf(ProtocolError);
  });
});

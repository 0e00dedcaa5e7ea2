import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { CredentialRuleError } from "./errors";
import { hashSecret } from "./hash";
import { createPersonalCredential, listPersonalCredentials, revokePersonalCredential } from "./personal-credentials";

const context: RequestContext = { ip: "203.0.113.9", userAgent: "vitest" };

describeEachDatabase("personal API credentials (Invoca)", (get) => {
  let accountId: string;
  let owner: { id: string; email: string; accountId: string };
  let other: { id: string; email: string; accountId: string };

  beforeAll(async () => {
    accountId = await createAccount(get().db);
    owner = { ...(await createTestUser(get().db, accountId, { role: "network_user" })), accountId };
    other = { ...(await createTestUser(get().db, accountId, { role: "advertiser_user" })), accountId };
  });

  it("stores only the keyed hash and the hint; the secret exists only in the answer", async () => {
    const { db } = get();
    const result = await createPersonalCredential(
      db,
      owner,
      { description: "  Reporting API – nightly export  " },
      context,
    );
    if (!("created" in result)) throw new Error("expected a new credential");
    const { secret, hint, id } = result.created;
    const row = await db.credential.findUniqueOrThrow({ where: { id }, omit: { secretHash: false } });
    expect(row.name).toBe("Reporting API – nightly export");
    expect(row.secretHash).toBe(hashSecret(secret));
    expect(row.hint).toBe(hint);
    expect(row.userId).toBe(owner.id);
    // Nowhere in the database: no column of any row holds the secret.
    const everything = JSON.stringify([
      await db.credential.findMany({ omit: { secretHash: false } }),
      await db.auditEvent.findMany(),
    ]);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(7, 30));
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "credential.created", targetId: id } });
    expect(event).toMatchObject({ actorId: owner.id, targetLabel: hint, ip: "203.0.113.9" });
  });

  it("refuses an empty or too long description and writes nothing", async () => {
    const { db } = get();
    const before = await db.credential.count();
    await expect(createPersonalCredential(db, owner, { description: "   " }, context)).rejects.toThrow();
    await expect(createPersonalCredential(db, owner, { description: "x".repeat(201) }, context)).rejects.toThrow();
    expect(await db.credential.count()).toBe(before);
  });

  it("a repeated submission (same request id) creates one credential", async () => {
    const { db } = get();
    const requestId = randomUUID();
    const results = await Promise.all(
      [1, 2, 3].map(() => createPersonalCredential(db, owner, { description: "double click", requestId }, context)),
    );
    expect(results.filter((r) => "created" in r)).toHaveLength(1);
    expect(results.filter((r) => "duplicateOf" in r)).toHaveLength(2);
    expect(await db.credential.count({ where: { userId: owner.id, name: "double click" } })).toBe(1);
  });

  it("refuses and audits a request to create a credential for another user", async () => {
    const { db } = get();
    const before = await db.credential.count({ where: { userId: other.id } });
    const error = await createPersonalCredential(
      db,
      owner,
      { description: "on behalf", userId: other.id },
      context,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialRuleError);
    expect((error as CredentialRuleError).code).toBe("forbidden");
    expect(await db.credential.count({ where: { userId: other.id } })).toBe(before);
    expect(
      await db.auditEvent.count({
        where: { action: "credential.create_refused", actorId: owner.id, targetId: other.id },
      }),
    ).toBe(1);
  });

  it("only the owner revokes; revoking twice records one revocation", async () => {
    const { db } = get();
    const result = await createPersonalCredential(db, owner, { description: "to revoke" }, context);
    if (!("created" in result)) throw new Error("expected a new credential");
    const { id } = result.created;
    await expect(revokePersonalCredential(db, other, id, context)).rejects.toMatchObject({ code: "not_found" });
    expect((await db.credential.findUniqueOrThrow({ where: { id } })).status).toBe("active");
    expect(
      await db.auditEvent.count({ where: { action: "credential.refused", targetId: id, actorId: other.id } }),
    ).toBe(1);
    await Promise.all([
      revokePersonalCredential(db, owner, id, context),
      revokePersonalCredential(db, owner, id, context),
    ]);
    const row = await db.credential.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("revoked");
    expect(row.revokedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: "credential.revoked", targetId: id } })).toBe(1);
  });

  it("lists the owner's credentials only, newest first, a page at a time", async () => {
    const { db } = get();
    const lister = { ...(await createTestUser(db, accountId, { role: "publisher_user" })), accountId };
    for (let i = 0; i < 5; i++) await createPersonalCredential(db, lister, { description: `cred ${i}` }, context);
    const first = await listPersonalCredentials(db, lister.id, 1, 2);
    expect(first.total).toBe(5);
    expect(first.pageCount).toBe(3);
    expect(first.rows.map((r) => r.name)).toEqual(["cred 4", "cred 3"]);
    const last = await listPersonalCredentials(db, lister.id, 3, 2);
    expect(last.rows.map((r) => r.name)).toEqual(["cred 0"]);
    expect(JSON.stringify(first)).not.toMatch(/secretHash/);
  });
});

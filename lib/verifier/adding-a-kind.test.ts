// "Adding a credential kind is one module plus one line" (docs/adding-a-credential-kind.md),
// proved: a throwaway kind declared here and registered with one call is issued by the
// store, verified by the one verification path, listed on the Credentials page and revoked
// there, with nothing else changed.
import { actorOf } from "@/lib/audit";
import { beforeAll, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import {
  credentialFiltersSchema,
  listAccountCredentials,
  listedKinds,
  revokeAccountCredential,
} from "@/lib/credentials/all-credentials";
import { NOT_REVOKED, type CredentialKind } from "@/lib/credentials/kind";
import { kindByCode, registerKind } from "@/lib/credentials/kinds";
import { issueAudited, issueOnce } from "@/lib/credentials/store";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { verifyRequest } from "./verify";

// The module: what a kind declares about itself (lib/credentials/kind.ts).
const webhookKey = {
  code: "whk",
  label: "Webhook key",
  ownedByUser: true,
  transports: ["x-api-key"],
  lifetime: { type: "chosen", required: false },
  policy: { create: { super_admin: [] }, revoke: { super_admin: NOT_REVOKED } },
} as const satisfies CredentialKind;

// The one line (lib/credentials/kinds/index.ts has one such line per kind).
registerKind(webhookKey);

const context: RequestContext = { ip: "198.51.100.90", userAgent: "vitest" };

describeEachDatabase("adding a credential kind: one module plus one line", (get) => {
  let accountId: string;
  let admin: { id: string; email: string; accountId: string; role: "super_admin" };
  let owner: { id: string; email: string };
  let secret: string;
  let credentialId: string;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db);
    admin = { ...(await createTestUser(db, accountId, { role: "super_admin" })), accountId, role: "super_admin" };
    owner = await createTestUser(db, accountId);
    const issued = await issueOnce(db, { createdById: admin.id, requestId: "whk-1" }, (tx) =>
      issueAudited(
        tx,
        webhookKey,
        { accountId, userId: owner.id, createdById: admin.id, name: "Deploy hook", requestId: "whk-1" },
        { actor: actorOf(admin), context, details: { kind: webhookKey.code } },
      ),
    );
    if ("duplicateOf" in issued) throw new Error("expected a new credential");
    secret = issued.secret;
    credentialId = issued.id;
  });

  const presented = () => ({
    method: "GET",
    headers: new Headers({ "x-api-key": secret }),
    searchParams: new URLSearchParams(),
  });

  it("is known to the registry, and its code cannot be taken again", () => {
    expect(kindByCode("whk")).toBe(webhookKey);
    expect(secret.startsWith("kw_whk_")).toBe(true);
    expect(() => registerKind({ ...webhookKey, label: "Another" })).toThrow(/already registered/);
  });

  it("is verified on the transports it declares, and only those", async () => {
    const { db } = get();
    expect(await verifyRequest(presented(), { database: db })).toMatchObject({
      accountId,
      user: { id: owner.id },
      credential: { id: credentialId, kind: "whk", transport: "x-api-key" },
    });
    const asBearer = await verifyRequest(
      { ...presented(), headers: new Headers({ authorization: `Bearer ${secret}` }) },
      { database: db },
    );
    expect(asBearer).toMatchObject({
      code: "invalid_token",
      description: "This kind of credential (Webhook key) cannot be sent that way; see the API documentation",
    });
  });

  it("is listed on the Credentials page, filterable by its kind, with the revoke its policy gives a super admin", async () => {
    const { db } = get();
    expect(listedKinds().map((kind) => kind.code)).toContain("whk");
    const filters = credentialFiltersSchema.parse({ kind: "whk" });
    const page = await listAccountCredentials(db, accountId, filters, 1);
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      id: credentialId,
      kind: "whk",
      kindLabel: "Webhook key",
      state: "active",
      owner: owner.email,
      actions: ["revoke"],
      revocable: true,
    });
  });

  it("is revoked from the Credentials page and refused at once", async () => {
    const { db } = get();
    await revokeAccountCredential(db, admin, credentialId, context);
    expect(await verifyRequest(presented(), { database: db })).toMatchObject({
      code: "invalid_token",
      description: "The credential has been revoked",
    });
    const page = await listAccountCredentials(db, accountId, { kind: "whk", state: "revoked" }, 1);
    expect(page.rows[0]).toMatchObject({ id: credentialId, state: "revoked", actions: [] });
    await expect(revokeAccountCredential(db, admin, credentialId, context)).rejects.toThrow(
      "This credential is already revoked.",
    );
  });
});

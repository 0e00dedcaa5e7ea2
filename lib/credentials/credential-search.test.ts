// The Credentials search: text by name, hint or owner email in any case, on SQLite and
// PostgreSQL; a pasted secret found by its keyed hash in this account only; secret-like text
// never becomes a URL search.
import { beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/audit";
import { describeEachDatabase } from "@/test/each-database";
import { createAccount, createTestUser } from "@/test/fixtures";
import { credentialFiltersSchema, listAccountCredentials } from "./all-credentials";
import { classifySearch, findAccountCredentialBySecret } from "./credential-search";
import { mintSecret } from "./format";
import { createPersonalCredential } from "./personal-credentials";

const context: RequestContext = { ip: "198.51.100.9", userAgent: "vitest" };

describe("what a search box's input is", () => {
  it("finds a whole secret, even inside a pasted header line, and never calls secret-like text a text search", () => {
    const secret = mintSecret("pat");
    expect(classifySearch(secret)).toEqual({ type: "secret", secret });
    expect(classifySearch(`Authorization: Bearer ${secret}`)).toEqual({ type: "secret", secret });
    expect(classifySearch(secret.slice(0, -1))).toEqual({ type: "mistyped_secret" });
    expect(classifySearch(secret.slice(0, 20))).toEqual({ type: "mistyped_secret" });
    expect(classifySearch("Nightly export")).toEqual({ type: "text", text: "Nightly export" });
    expect(classifySearch("kw_pat_")).toEqual({ type: "text", text: "kw_pat_" });
  });

  it("drops a secret-like ?q= instead of searching with it", () => {
    expect(credentialFiltersSchema.parse({ q: mintSecret("at") }).q).toBeUndefined();
    expect(credentialFiltersSchema.parse({ q: " ops@ " }).q).toBe("ops@");
  });
});

describeEachDatabase("searching the Credentials list", (get) => {
  let accountId: string;
  let owner: { id: string; email: string; accountId: string };
  let secret: string;
  let id: string;
  let hint: string;
  let strangerSecret: string;

  beforeAll(async () => {
    const { db } = get();
    accountId = await createAccount(db, "Search Network");
    owner = { ...(await createTestUser(db, accountId, { email: `Searchable.${Date.now()}@example.test` })), accountId };
    const other = { ...(await createTestUser(db, accountId)), accountId };
    const made = await createPersonalCredential(db, owner, { description: "Nightly Export" }, context);
    await createPersonalCredential(db, other, { description: "Something else" }, context);
    if (!("created" in made)) throw new Error("expected a credential");
    ({ secret, id, hint } = made.created);
    const elsewhere = await createAccount(db, "Elsewhere");
    const stranger = { ...(await createTestUser(db, elsewhere)), accountId: elsewhere };
    const theirs = await createPersonalCredential(db, stranger, { description: "Theirs" }, context);
    if (!("created" in theirs)) throw new Error("expected a credential");
    strangerSecret = theirs.created.secret;
  });

  const search = async (q: string) =>
    (await listAccountCredentials(get().db, accountId, credentialFiltersSchema.parse({ q }), 1)).rows.map(
      (row) => row.id,
    );

  it("finds by name, owner email and hint, in any case, and nothing else", async () => {
    expect(await search("nightly EXPORT")).toEqual([id]);
    expect(await search(owner.email.toUpperCase().slice(0, 12))).toEqual([id]);
    expect(await search(hint.slice(-4))).toContain(id);
    expect(await search("no such thing")).toEqual([]);
  });

  it("finds a pasted secret's credential in this account only", async () => {
    const { db } = get();
    expect(await findAccountCredentialBySecret(db, accountId, secret)).toEqual({ id });
    expect(await findAccountCredentialBySecret(db, accountId, strangerSecret)).toBeNull();
    expect(await findAccountCredentialBySecret(db, accountId, mintSecret("pat"))).toBeNull();
  });
});

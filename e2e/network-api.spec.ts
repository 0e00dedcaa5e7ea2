// The Invoca-style advertiser and publisher API over real HTTP, each test in a network of its
// own (so "1111" is free): the seed's curl example creates and then updates advertiser 1111,
// requests racing to create one id leave exactly one, deletes wait for users to leave, and
// every bad body is a 400 that names the field.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type TestInfo } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { databaseFor } from "./support/state";

const V = "2022-08-01";
const SEED_HEADERS = { Accept: "application/json", "Content-Type": "application/json" };

/** A network of the test's own, with a network user and their personal API credential. */
async function freshNetwork(testInfo: TestInfo) {
  const db = await databaseFor(testInfo);
  const tag = randomBytes(4).toString("hex");
  const accountId = (await db.account.create({ data: { name: `Network API ${tag}` } })).id;
  const user = await createUser(
    db,
    accountId,
    {
      email: `network.${tag}@api.e2e.test`,
      name: "Network User",
      password: "network api password",
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  const credential = await createPersonalCredential(
    db,
    { ...user, accountId },
    { description: "network API" },
    NO_REQUEST,
  );
  if (!("created" in credential)) throw new Error("expected a credential");
  return {
    db,
    accountId,
    token: credential.created.secret,
    headers: { ...SEED_HEADERS, Authorization: credential.created.secret },
  };
}

async function post(request: APIRequestContext, path: string, headers: Record<string, string>, data: unknown) {
  const response = await request.post(`/api/${V}/${path}`, { headers, data: JSON.stringify(data) });
  return { status: response.status(), body: await response.json() };
}

test("the seed's curl example creates advertiser 1111, then updates it; the same body twice is the same answer", async ({
  request,
}) => {
  const { db, accountId, headers } = await freshNetwork(test.info());
  const created = await post(request, "advertisers/1111.json", headers, { name: "Acme Outdoor" });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({
    id: expect.any(String),
    id_from_network: "1111",
    name: "Acme Outdoor",
    approval_status: "Approved",
    created_at: expect.any(String),
    updated_at: expect.any(String),
  });
  const again = await post(request, "advertisers/1111.json", headers, { name: "Acme Outdoor" });
  expect(again).toEqual({ status: 200, body: created.body });

  const updated = await post(request, "advertisers/1111.json", headers, {
    name: "Acme Outdoor West",
    approval_status: "Suspended",
  });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ id: created.body.id, name: "Acme Outdoor West", approval_status: "Suspended" });
  // PUT is the same operation; a client may send back what it read (read-only fields ignored).
  const put = await request.put(`/api/${V}/advertisers/1111.json`, {
    headers,
    data: JSON.stringify({ ...updated.body, name: "Acme Outdoor" }),
  });
  expect(put.status()).toBe(200);
  expect(await put.json()).toMatchObject({ id: created.body.id, name: "Acme Outdoor", approval_status: "Suspended" });
  const read = await request.get(`/api/${V}/advertisers/1111.json`, { headers });
  expect(await read.json()).toMatchObject({ id_from_network: "1111", name: "Acme Outdoor" });

  expect(await db.advertiser.count({ where: { accountId } })).toBe(1);
  const audit = await db.auditEvent.findMany({
    where: { accountId, targetId: created.body.id },
    orderBy: { createdAt: "asc" },
    select: { action: true, details: true },
  });
  expect(audit.map((event) => event.action)).toEqual([
    "advertiser.created",
    "advertiser.updated",
    "advertiser.updated",
  ]);
  // The credential it came through is named by its hint, never its secret.
  const { credential } = JSON.parse(audit[0]!.details!) as { credential: string };
  expect(credential).toMatch(/^kw_pat_/);
  expect(credential.length).toBeLessThan(20);
});

test("20 POSTs of one new id sent at once leave exactly one advertiser: one 201, the rest 200", async ({ request }) => {
  const { db, accountId, headers } = await freshNetwork(test.info());
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => post(request, "advertisers/5555.json", headers, { name: "Racing Outdoor" })),
  );
  expect(answers.map((answer) => answer.status).sort((a, b) => a - b)).toEqual([...Array<number>(19).fill(200), 201]);
  expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
  expect(await db.advertiser.count({ where: { accountId, idFromNetwork: "5555" } })).toBe(1);
});

test("DELETE is 409 while a user belongs to the advertiser; archiving is the way out; without users it is 204", async ({
  request,
}) => {
  const { db, accountId, headers } = await freshNetwork(test.info());
  const busy = await post(request, "advertisers/7777.json", headers, { name: "Busy Travel" });
  await createUser(
    db,
    accountId,
    {
      email: `busy.${randomBytes(4).toString("hex")}@api.e2e.test`,
      name: "Busy User",
      password: "network api password",
      role: "advertiser_user",
      status: "active",
      advertiserId: busy.body.id,
    },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  const refused = await request.delete(`/api/${V}/advertisers/7777.json`, { headers });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toEqual({
    error: "conflict",
    error_description:
      "Advertiser Busy Travel (7777) still has 1 user and 0 credentials; set its approval status to Archived instead, or move or delete its users first",
  });
  const archived = await post(request, "advertisers/7777.json", headers, {
    name: "Busy Travel",
    approval_status: "Archived",
  });
  expect(archived.body.approval_status).toBe("Archived");

  await post(request, "publishers/8888.json", headers, { name: "Idle Media" });
  const deleted = await request.delete(`/api/${V}/publishers/8888.json`, { headers });
  expect(deleted.status()).toBe(204);
  expect((await request.get(`/api/${V}/publishers/8888.json`, { headers })).status()).toBe(404);
  expect((await request.delete(`/api/${V}/publishers/8888.json`, { headers })).status()).toBe(404);
});

test("bad bodies are 400 naming the field, a name another one has is 409, and nothing is written", async ({
  request,
}) => {
  const { db, accountId, headers } = await freshNetwork(test.info());
  await post(request, "advertisers/1111.json", headers, { name: "Acme Outdoor" });
  const cases: [unknown, string][] = [
    [{}, "name is required"],
    [{ name: "   " }, "name must not be empty"],
    [{ name: 42 }, "name must be a string"],
    [{ name: "x".repeat(201) }, "name has at most 200 characters"],
    [
      { name: "Ok", approval_status: "Pending" },
      "approval_status must be one of Applied, Approved, Declined, Suspended, Archived",
    ],
    [{ name: "Ok", id_from_network: "9999" }, 'id_from_network in the body ("9999") is not the path\'s (4444)'],
    [{ name: "Ok", campaigns: [] }, "unknown field(s): campaigns"],
  ];
  for (const [body, description] of cases) {
    const answer = await post(request, "advertisers/4444.json", headers, body);
    expect(answer, JSON.stringify(body)).toEqual({
      status: 400,
      body: { error: "invalid_request", error_description: description },
    });
  }
  const taken = await post(request, "advertisers/4444.json", headers, { name: "ACME OUTDOOR" });
  expect(taken.status).toBe(409);
  expect(taken.body).toEqual({
    error: "conflict",
    error_description: "Advertiser 1111 already has this name; names are unique within the network",
  });
  // A path id the API's URLs cannot carry is no resource at all.
  expect((await request.post(`/api/${V}/advertisers/a.b.json`, { headers, data: "{}" })).status()).toBe(404);
  expect(await db.advertiser.count({ where: { accountId } })).toBe(1);
});

// The advertisers' API through a client generated from /api/openapi.json: openapi-typescript's
// types (e2e/support/openapi-schema.d.ts, kept current by test/openapi-types.test.ts) and
// openapi-fetch. A path, parameter or field the routes and the document disagree on fails to
// compile here; a status the document does not list for an operation fails the run.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, test, type TestInfo } from "@playwright/test";
import createClient, { type Middleware } from "openapi-fetch";
import { seedAdvertiserExample } from "@/lib/api/curl-examples";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import type { paths } from "./support/openapi-schema";
import { databaseFor } from "./support/state";

const V = "2022-08-01";
const ONE = "/api/{version}/advertisers/{id_from_network}.json";

/**
 * A network of this spec's own, with no advertiser at all (the e2e database is shared by every
 * spec, and the API suite's network already has the seed's 1111), and a network user's API
 * credential in it.
 */
async function arrangeNetworkUserToken(testInfo: TestInfo): Promise<string> {
  const db = await databaseFor(testInfo);
  const suffix = randomBytes(4).toString("hex");
  const accountId = (await db.account.create({ data: { name: `OpenAPI client network ${suffix}` } })).id;
  const user = await createUser(
    db,
    accountId,
    {
      email: `openapi-client.${suffix}@e2e.test`,
      name: "OpenAPI Client",
      password: "openapi client password",
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  const result = await createPersonalCredential(
    db,
    { id: user.id, email: user.email, accountId },
    { description: "OpenAPI typed client" },
    NO_REQUEST,
  );
  if (!("created" in result)) throw new Error("expected a credential");
  return result.created.secret;
}

type Document = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

/** Fails any answer whose status the served document does not list for its operation. */
function documentedStatusesOnly(document: Document): Middleware {
  return {
    onResponse({ request, response, schemaPath }) {
      const operation = document.paths[schemaPath]?.[request.method.toLowerCase()];
      expect(operation, `${request.method} ${schemaPath} is in the document`).toBeDefined();
      expect(Object.keys(operation!.responses), `${request.method} ${schemaPath}`).toContain(String(response.status));
    },
  };
}

async function typedClient(testInfo: TestInfo, baseURL: string | undefined) {
  const token = await arrangeNetworkUserToken(testInfo);
  const document = (await (await fetch(`${baseURL}/api/openapi.json`)).json()) as Document;
  const api = createClient<paths>({ baseUrl: baseURL, headers: { Authorization: token } });
  api.use(documentedStatusesOnly(document));
  return { api, token };
}

test("a network user creates, re-sends, reads, lists, renames and deletes an advertiser through the generated client", async ({
  baseURL,
}) => {
  const { api } = await typedClient(test.info(), baseURL);
  const id = `oa-${randomBytes(6).toString("hex")}`;
  const path = { version: V, id_from_network: id } as const;

  const created = await api.PUT(ONE, { params: { path }, body: { name: "Typed Client Outdoor" } });
  expect(created.response.status).toBe(201);
  expect(created.data).toMatchObject({
    id_from_network: id,
    name: "Typed Client Outdoor",
    approval_status: "Approved",
  });
  const advertiser = created.data!;

  // Idempotent: the same PUT again is a 200 with the same advertiser, nothing written.
  const again = await api.PUT(ONE, { params: { path }, body: { name: "Typed Client Outdoor" } });
  expect(again.response.status).toBe(200);
  expect(again.data).toEqual(advertiser);

  const read = await api.GET(ONE, { params: { path } });
  expect(read.data).toEqual(advertiser);
  // Keyward's own id works in the path too.
  const byKeywardId = await api.GET(ONE, { params: { path: { version: V, id_from_network: advertiser.id } } });
  expect(byKeywardId.data).toEqual(advertiser);

  const list = await api.GET("/api/{version}/advertisers.json", {
    params: { path: { version: V }, query: { page: 1 } },
  });
  expect(list.response.status).toBe(200);
  expect(list.data).toMatchObject({ page: 1, page_size: 100, total: 1 });
  expect(list.data!.advertisers).toEqual([advertiser]);

  // What a GET answered can be sent back as it is (its read-only fields are ignored).
  const renamed = await api.POST(ONE, {
    params: { path },
    body: { ...advertiser, name: "Typed Client Outdoor Gear", approval_status: "Suspended" },
  });
  expect(renamed.response.status).toBe(200);
  expect(renamed.data).toMatchObject({
    id: advertiser.id,
    id_from_network: id,
    name: "Typed Client Outdoor Gear",
    approval_status: "Suspended",
    created_at: advertiser.created_at,
  });

  // Another advertiser may not take its name, in any case.
  const other = { version: V, id_from_network: `${id}-2` } as const;
  const taken = await api.PUT(ONE, { params: { path: other }, body: { name: "typed client OUTDOOR gear" } });
  expect(taken.response.status).toBe(409);
  expect(taken.error).toMatchObject({ error: "conflict" });

  const deleted = await api.DELETE(ONE, { params: { path } });
  expect(deleted.response.status).toBe(204);
  const gone = await api.GET(ONE, { params: { path } });
  expect(gone.response.status).toBe(404);
  expect(gone.error).toMatchObject({ error: "not_found" });
  expect((await api.GET(ONE, { params: { path: other } })).response.status).toBe(404);
});

test("the seed's curl example, run as the docs show it, creates advertiser 1111 (201) and then updates it (200)", async ({
  baseURL,
}) => {
  const { api, token } = await typedClient(test.info(), baseURL);
  // The command the OpenAPI document and the API Docs page show, with a real token and this
  // server; curl's -w adds the status after the body, and the name changes for the second run.
  const command = seedAdvertiserExample(baseURL!, V).replace("<token>", token);
  const curl = (name: string) => {
    const output = execFileSync("sh", [
      "-c",
      `${command.replace('"Acme Outdoor"', JSON.stringify(name))} -sS -w '\\n%{http_code}'`,
    ]).toString();
    const [body, status] = [output.slice(0, output.lastIndexOf("\n")), output.slice(output.lastIndexOf("\n") + 1)];
    return { status: Number(status), body: JSON.parse(body) as Record<string, unknown> };
  };

  const created = curl("Acme Outdoor");
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ id_from_network: "1111", name: "Acme Outdoor", approval_status: "Approved" });
  const updated = curl("Acme Outdoor Gear");
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ id: created.body.id, id_from_network: "1111", name: "Acme Outdoor Gear" });

  const read = await api.GET(ONE, { params: { path: { version: V, id_from_network: "1111" } } });
  expect(read.data).toMatchObject({ id: created.body.id, name: "Acme Outdoor Gear" });
});

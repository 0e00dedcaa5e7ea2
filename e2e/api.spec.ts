// The bundled API over real HTTP against the production build: every way the seeds present
// a credential, and every refusal of RFC 6750.
import { expect, test } from "@playwright/test";
import { NO_REQUEST } from "@/lib/audit";
import { changeAuthToken } from "@/lib/credentials/auth-tokens";
import { mintSecret } from "@/lib/credentials/format";
import { revokePersonalCredential } from "@/lib/credentials/personal-credentials";
import { SUPPORTED_API_VERSIONS } from "@/lib/api/versions";
import { apiNetwork, arrangeAuthToken, arrangePersonalToken, expectBearerError } from "./support/api";
import { afterChangeOutsideServer, databaseFor } from "./support/state";
import { organizationData } from "@/lib/organizations/rows";

const V = "2022-08-01";

/** A change made by this process (like another instance) reaches the server: e2e/support/state.ts. */
const afterCacheLifetime = () => afterChangeOutsideServer(test.info());

test.describe("Invoca: personal API credentials", () => {
  test("the seed's curl: POST to advertisers/1111.json with Authorization: <token> and JSON headers answers the advertiser", async ({
    request,
  }) => {
    const network = await apiNetwork(test.info());
    const { token } = await arrangePersonalToken(test.info(), "network_user");
    const headers = { Accept: "application/json", "Content-Type": "application/json", Authorization: token };
    const response = await request.post(`/api/${V}/advertisers/1111.json`, { headers, data: { name: "Acme Outdoor" } });
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(await response.json()).toMatchObject({
      id: network.advertiserIds[0],
      id_from_network: "1111",
      name: "Acme Outdoor",
      approval_status: "Approved",
    });
    // Keyward's generated id keeps working where the network's id goes.
    const byId = await request.get(`/api/${V}/advertisers/${network.advertiserIds[0]}.json`, { headers });
    expect((await byId.json()).id_from_network).toBe("1111");
    // The seed's command has no body: a create-or-update needs the name.
    const bare = await request.post(`/api/${V}/advertisers/1111.json`, { headers });
    expect(bare.status()).toBe(400);
    expect(await bare.json()).toEqual({ error: "invalid_request", error_description: "name is required" });
  });

  test("?oauth_token= on GET, oauth_token in a JSON POST body, and Bearer all work", async ({ request }) => {
    const network = await apiNetwork(test.info());
    const { token } = await arrangePersonalToken(test.info(), "network_user");
    const id = network.advertiserIds[1]!;
    const byQuery = await request.get(`/api/${V}/advertisers/${id}.json?oauth_token=${token}`);
    expect(byQuery.status()).toBe(200);
    const byBody = await request.post(`/api/${V}/advertisers/${id}.json`, {
      data: { oauth_token: token, name: "Bluebird Travel" },
    });
    expect(byBody.status()).toBe(200);
    expect((await byBody.json()).name).toBe("Bluebird Travel");
    const byBearer = await request.get(`/api/${V}/advertisers.json`, { headers: { Authorization: `bearer ${token}` } });
    expect(byBearer.status()).toBe(200);
    const list = await byBearer.json();
    expect(list.advertisers.map((a: { name: string }) => a.name)).toEqual(["Acme Outdoor", "Bluebird Travel"]);
  });

  test("POST updates plain fields, validates them, and refuses unknown ones", async ({ request }) => {
    const network = await apiNetwork(test.info());
    const { token } = await arrangePersonalToken(test.info(), "network_user");
    const id = network.publisherIds[0]!;
    const headers = { Authorization: token };
    const renamed = await request.post(`/api/${V}/publishers/${id}.json`, {
      headers,
      data: { name: "  Northwind Media Group  " },
    });
    expect(renamed.status()).toBe(200);
    expect((await renamed.json()).name).toBe("Northwind Media Group");
    const empty = await request.post(`/api/${V}/publishers/${id}.json`, { headers, data: { name: "" } });
    expect(empty.status()).toBe(400);
    expect(await empty.json()).toEqual({ error: "invalid_request", error_description: "name must not be empty" });
    const unknown = await request.post(`/api/${V}/publishers/${id}.json`, {
      headers,
      data: { name: "x", accountId: "elsewhere" },
    });
    expect(unknown.status()).toBe(400);
    const broken = await request.post(`/api/${V}/publishers/${id}.json`, {
      headers: { ...headers, "Content-Type": "application/json" },
      data: "{not json",
    });
    expect(broken.status()).toBe(400);
    const db = await databaseFor(test.info());
    expect((await db.publisher.findUniqueOrThrow({ where: { id } })).name).toBe("Northwind Media Group");
    await request.post(`/api/${V}/publishers/${id}.json`, { headers, data: { name: "Northwind Media" } });
  });

  test("advertiser users reach their own advertiser only; publisher users no advertiser at all", async ({
    request,
  }) => {
    const network = await apiNetwork(test.info());
    const { token } = await arrangePersonalToken(test.info(), "advertiser_user");
    const own = await request.get(`/api/${V}/advertisers/${network.advertiserIds[0]}.json`, {
      headers: { Authorization: token },
    });
    expect(own.status()).toBe(200);
    const other = await request.get(`/api/${V}/advertisers/${network.advertiserIds[1]}.json`, {
      headers: { Authorization: token },
    });
    // Another advertiser of the network, or one that does not exist: the same 403, so nothing leaks.
    expectBearerError(other, 403, "insufficient_scope");
    const missing = await request.get(`/api/${V}/advertisers/no-such-one.json`, { headers: { Authorization: token } });
    expectBearerError(missing, 403, "insufficient_scope");
    expect((await missing.json()).error_description).toBe((await other.json()).error_description);
    // And it writes nothing, not even its own advertiser.
    for (const key of ["2222", "1111"]) {
      const rename = await request.post(`/api/${V}/advertisers/${key}.json`, {
        headers: { Authorization: token },
        data: { name: "Hijacked" },
      });
      expectBearerError(rename, 403, "insufficient_scope");
      const removal = await request.delete(`/api/${V}/advertisers/${key}.json`, { headers: { Authorization: token } });
      expectBearerError(removal, 403, "insufficient_scope");
    }
    expect(
      (
        await (
          await databaseFor(test.info())
        ).advertiser.findUniqueOrThrow({ where: { id: network.advertiserIds[1]! } })
      ).name,
    ).toBe("Bluebird Travel");
    const list = await request.get(`/api/${V}/advertisers.json`, { headers: { Authorization: token } });
    expect((await list.json()).total).toBe(1);
    const publisher = await arrangePersonalToken(test.info(), "publisher_user");
    const refused = await request.get(`/api/${V}/advertisers.json`, { headers: { Authorization: publisher.token } });
    expectBearerError(refused, 403, "insufficient_scope");
    expect(await refused.json()).toMatchObject({ error: "insufficient_scope" });
  });

  test("another network's advertiser is a 404, the same as one that does not exist", async ({ request }) => {
    const { token } = await arrangePersonalToken(test.info(), "network_user");
    const db = await databaseFor(test.info());
    const foreign = await db.advertiser.create({
      data: organizationData((await db.account.create({ data: { name: "Elsewhere" } })).id, "not-yours", "Not yours"),
    });
    const response = await request.get(`/api/${V}/advertisers/${foreign.id}.json`, {
      headers: { Authorization: token },
    });
    expect(response.status()).toBe(404);
    const missing = await request.get(`/api/${V}/advertisers/nope.json`, { headers: { Authorization: token } });
    expect(missing.status()).toBe(404);
    expect((await response.json()).error_description.replace(foreign.id, "X")).toBe(
      (await missing.json()).error_description.replace("nope", "X"),
    );
  });

  test("an unknown version is a 404 that names the supported ones", async ({ request }) => {
    const response = await request.get(`/api/2019-01-01/advertisers.json`);
    expect(response.status()).toBe(404);
    const body = await response.json();
    expect(body.error).toBe("not_found");
    for (const version of SUPPORTED_API_VERSIONS) expect(body.error_description).toContain(version);
  });
});

test.describe("TrackVia: auth tokens with the account API key", () => {
  test("user_key plus Authorization: Bearer, or plus ?access_token=", async ({ request }) => {
    const { token, accountKey } = await arrangeAuthToken(test.info());
    const me = await request.get(`/api/v2/me`, { headers: { user_key: accountKey, Authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).credential.kind).toBe("at");
    const byQuery = await request.get(`/v1/users?access_token=${token}`, { headers: { user_key: accountKey } });
    expect(byQuery.status()).toBe(200);
  });

  test("without user_key, with another account's key, or with the key alone: refused", async ({ request }) => {
    const { token } = await arrangeAuthToken(test.info());
    expectBearerError(
      await request.get(`/api/v2/me`, { headers: { Authorization: `Bearer ${token}` } }),
      401,
      "invalid_token",
    );
    const foreignKey = mintSecret("ak");
    expectBearerError(
      await request.get(`/api/v2/me`, { headers: { user_key: foreignKey, Authorization: `Bearer ${token}` } }),
      401,
      "invalid_token",
    );
    const network = await apiNetwork(test.info());
    expectBearerError(
      await request.get(`/api/v2/me`, { headers: { user_key: network.accountKey } }),
      401,
      "invalid_token",
    );
    expectBearerError(
      await request.get(`/api/v2/me`, { headers: { Authorization: `Bearer ${network.accountKey}` } }),
      401,
      "invalid_token",
    );
  });

  test("a deactivated token is refused at once; reactivated, it works again; an expired one never", async ({
    request,
  }) => {
    const network = await apiNetwork(test.info());
    const { token, id, accountKey } = await arrangeAuthToken(test.info());
    const headers = { user_key: accountKey, Authorization: `Bearer ${token}` };
    expect((await request.get(`/api/v2/me`, { headers })).status()).toBe(200);
    const db = await databaseFor(test.info());
    // Through the server's own screen path would clear its cache; here another process
    // (this test) changes the row, as a second instance would: refused within a second.
    await changeAuthToken(db, network.admin, id, "deactivate", NO_REQUEST);
    await afterCacheLifetime();
    const refused = await request.get(`/api/v2/me`, { headers });
    expectBearerError(refused, 401, "invalid_token");
    expect(refused.headers()["www-authenticate"]).toContain("deactivated");
    await changeAuthToken(db, network.admin, id, "reactivate", NO_REQUEST);
    await afterCacheLifetime();
    expect((await request.get(`/api/v2/me`, { headers })).status()).toBe(200);

    const expired = await arrangeAuthToken(
      test.info(),
      new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      new Date(Date.now() - 3 * 86_400_000),
    );
    const response = await request.get(`/api/v2/me`, {
      headers: { user_key: expired.accountKey, Authorization: `Bearer ${expired.token}` },
    });
    expectBearerError(response, 401, "invalid_token");
    expect(response.headers()["www-authenticate"]).toContain("expired");
  });
});

test.describe("refusals (RFC 6750)", () => {
  test("no credential at all: 401 with a Bearer challenge and no error attribute", async ({ request }) => {
    const response = await request.get(`/api/${V}/advertisers.json`);
    expectBearerError(response, 401, null);
  });

  test("malformed, mistyped (checksum), unknown and revoked tokens are 401 invalid_token", async ({ request }) => {
    const { token, id, user } = await arrangePersonalToken(test.info(), "network_user");
    const mistyped = token.slice(0, 12) + (token[12] === "A" ? "B" : "A") + token.slice(13);
    for (const [bad, words] of [
      ["YbcFHZ38FNfptfZMB0RZ6dk9dOJCaCfU", "malformed"],
      [mistyped, "checksum"],
      [token.slice(0, -2), "malformed"],
      [mintSecret("pat"), "not known"],
    ] as const) {
      const response = await request.get(`/api/v2/me`, { headers: { Authorization: bad } });
      expectBearerError(response, 401, "invalid_token");
      expect(response.headers()["www-authenticate"]).toContain(words);
    }
    const db = await databaseFor(test.info());
    await revokePersonalCredential(db, { ...user, email: user.email }, id, NO_REQUEST);
    await afterCacheLifetime();
    const refused = await request.get(`/api/v2/me`, { headers: { Authorization: token } });
    expectBearerError(refused, 401, "invalid_token");
    expect(refused.headers()["www-authenticate"]).toContain("revoked");
  });

  test("a disabled owner's token is refused", async ({ request }) => {
    const { token, user } = await arrangePersonalToken(test.info(), "network_user");
    expect((await request.get(`/api/v2/me`, { headers: { Authorization: token } })).status()).toBe(200);
    const db = await databaseFor(test.info());
    await db.user.update({ where: { id: user.id }, data: { status: "disabled" } });
    await afterCacheLifetime();
    expect(
      (await request.get(`/api/v2/me`, { headers: { Authorization: token } })).headers()["www-authenticate"],
    ).toContain("owner is disabled");
  });

  test("credentials in two places are 400 invalid_request; a query token on POST too", async ({ request }) => {
    const { token } = await arrangePersonalToken(test.info(), "network_user");
    const network = await apiNetwork(test.info());
    const id = network.advertiserIds[0]!;
    expectBearerError(
      await request.get(`/api/${V}/advertisers/${id}.json?oauth_token=${token}`, { headers: { Authorization: token } }),
      400,
      "invalid_request",
    );
    expectBearerError(
      await request.post(`/api/${V}/advertisers/${id}.json`, {
        headers: { Authorization: token },
        data: { oauth_token: token },
      }),
      400,
      "invalid_request",
    );
    expectBearerError(
      await request.post(`/api/${V}/advertisers/${id}.json?oauth_token=${token}`, { data: {} }),
      400,
      "invalid_request",
    );
  });

  test("a personal credential is not accepted as an API key (X-API-Key) or with the token scheme", async ({
    request,
  }) => {
    const { token } = await arrangePersonalToken(test.info(), "network_user");
    expectBearerError(await request.get(`/v1/data`, { headers: { "X-API-Key": token } }), 401, "invalid_token");
    expectBearerError(
      await request.get(`/api/v2/me`, { headers: { Authorization: `token ${token}` } }),
      401,
      "invalid_token",
    );
  });

  test("last used is recorded without a write per request", async ({ request }) => {
    const { token, id } = await arrangePersonalToken(test.info(), "network_user");
    const db = await databaseFor(test.info());
    for (let i = 0; i < 20; i++)
      expect((await request.get(`/api/v2/me`, { headers: { Authorization: token } })).status()).toBe(200);
    await expect
      .poll(async () => (await db.credential.findUniqueOrThrow({ where: { id } })).lastUsedAt, { timeout: 12_000 })
      .not.toBeNull();
  });
});

test("a credential revoked on the server's own screen is refused by that server at once", async ({ page, request }) => {
  const { token, user } = await arrangePersonalToken(test.info(), "network_user");
  const headers = { Authorization: token };
  expect((await request.get(`/api/v2/me`, { headers })).status()).toBe(200);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("api suite password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await page.goto("/integrations/invoca-apis");
  await page
    .getByRole("row", { name: /API suite network_user/ })
    .getByRole("button", { name: "Revoke" })
    .click();
  await page.getByRole("dialog", { name: "Revoke API credential?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("row", { name: /API suite network_user/ })).toContainText("Revoked");
  // No wait: the instance that revoked it has already forgotten it.
  expectBearerError(await request.get(`/api/v2/me`, { headers }), 401, "invalid_token");
});

test("every path in /api/openapi.json answers with one of its documented statuses, in JSON", async ({ request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  const document = (await response.json()) as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  expect(document.openapi).toBe("3.1.0");
  for (const [path, operations] of Object.entries(document.paths)) {
    const url = path.replace("{version}", V).replace("{id_from_network}", "doc-check");
    for (const [method, operation] of Object.entries(operations)) {
      if (method === "parameters") continue;
      // No credential: each answers as documented (401, 400 for an empty exchange, 200 for open ones).
      const answer = await request.fetch(url, {
        method: method.toUpperCase(),
        headers: { "Content-Type": "application/json" },
        data: method === "post" ? "{}" : undefined,
      });
      expect(Object.keys(operation.responses), `${method.toUpperCase()} ${path} answered ${answer.status()}`).toContain(
        String(answer.status()),
      );
      // The browser pages (the consent and device pages) are documented as HTML; the rest is JSON,
      // or a JSON type of its own (the JWKS is application/jwk-set+json, RFC 7517 8.5).
      const html = JSON.stringify(operation.responses).includes("text/html");
      expect(answer.headers()["content-type"]).toMatch(html ? /^text\/html/ : /^application\/([\w.-]+\+)?json/);
    }
  }
});

test("the API Docs page shows every endpoint and copyable curl examples", async ({ page }) => {
  const { user } = await arrangePersonalToken(test.info(), "publisher_user");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("api suite password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "API Docs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API Docs" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "POST/api/v2/api_tokens" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy: TrackVia: account API Key + auth token" })).toBeVisible();
  // The seed's example, with the body it needs, first; and each advertiser operation's own.
  await expect(page.locator("pre").first()).toHaveText(
    /^curl -X POST -H "Accept: application\/json" -H "Content-Type: application\/json" -H "Authorization: <token>" -d '\{"name": "Acme Outdoor"\}' 'https?:\/\/[^']+\/api\/2022-08-01\/advertisers\/1111\.json'$/,
  );
  const remove = page.locator("article", {
    has: page.getByRole("heading", { name: "DELETE/api/{version}/advertisers/{id_from_network}.json" }),
  });
  await expect(remove.locator("pre")).toHaveText(/^curl -X DELETE .*\/advertisers\/1111\.json'$/);
  await expect(
    remove.getByRole("button", { name: "Copy: DELETE /api/{version}/advertisers/{id_from_network}.json" }),
  ).toBeVisible();
  await expect(remove).toContainText("409 conflict: users still belong to this advertiser");
});

test("the bench baseline route (no credential check) is a 404 unless the server was started with KEYWARD_BENCH=1", async ({
  request,
}) => {
  const network = await apiNetwork(test.info());
  const path = `/api/bench/baseline/${network.advertiserIds[0]!}.json?account=${network.accountId}`;
  expect((await request.get(path)).status()).toBe(404);
  expect((await request.post(path, { data: {} })).status()).toBe(404);
});

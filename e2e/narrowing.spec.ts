// Fine-grained narrowing (issue 12, part 2): a credential narrowed in the browser below its
// owner's privileges is refused, 403 insufficient_scope naming the missing scope, on every
// credential route of the OpenAPI document outside its grant, and answers inside it. The routes
// are read from /api/openapi.json at test time, so a new route is covered without editing this.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { hasScope, isScope } from "@/lib/access/privileges";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { generateAccountApiKey } from "@/lib/credentials/account-api-key";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { organizationData } from "@/lib/organizations/rows";
import { createUser } from "@/lib/users/create-user";
import { expectBearerError } from "./support/api";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";

const PASSWORD = "narrowing e2e password";

/** A network of the test's own: advertisers A and B, publisher P, a network user and an API user. */
async function arrangeNetwork(testInfo: TestInfo) {
  const db = await databaseFor(testInfo);
  const tag = randomBytes(4).toString("hex");
  const accountId = (await db.account.create({ data: { name: `Narrowing ${tag}` } })).id;
  const a = await db.advertiser.create({ data: organizationData(accountId, `A-${tag}`, `Alpha ${tag}`) });
  const b = await db.advertiser.create({ data: organizationData(accountId, `B-${tag}`, `Bravo ${tag}`) });
  const p = await db.publisher.create({ data: organizationData(accountId, `P-${tag}`, `Papa ${tag}`) });
  const user = (role: "network_user" | "super_admin" | "advertiser_user", extra: { advertiserId?: string } = {}) =>
    createUser(
      db,
      accountId,
      {
        email: `${role}.${randomBytes(4).toString("hex")}@narrowing.e2e.test`,
        name: `Narrowing ${role}`,
        password: PASSWORD,
        role,
        status: "active",
        ...extra,
      },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
  const networkUser = await user("network_user");
  return { db, accountId, tag, a, b, p, networkUser, user };
}

interface Operation {
  path: string;
  method: string;
  scope: string | null;
  hasId: boolean;
  needsBody: boolean;
}

/** Every operation of the document that takes an API credential (its security names bearer). */
async function credentialOperations(request: APIRequestContext): Promise<{ version: string; operations: Operation[] }> {
  const document = (await (await request.get("/api/openapi.json")).json()) as {
    info: { version: string };
    paths: Record<
      string,
      Record<string, { security?: Record<string, unknown>[]; "x-keyward-scope"?: string | null; requestBody?: unknown }>
    >;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (method === "parameters" || !(operation.security ?? []).some((requirement) => "bearer" in requirement))
        continue;
      const unknown = [...path.matchAll(/\{([^}]+)\}/g)]
        .map((match) => match[1])
        .filter((name) => name !== "version" && name !== "id_from_network");
      // A new kind of path parameter: this test must learn what to put there before it can judge the route.
      expect(unknown, `${method.toUpperCase()} ${path}`).toEqual([]);
      expect(
        operation["x-keyward-scope"],
        `${method.toUpperCase()} ${path} says which scope it needs`,
      ).not.toBeUndefined();
      operations.push({
        path,
        method: method.toUpperCase(),
        scope: operation["x-keyward-scope"] ?? null,
        hasId: path.includes("{id_from_network}"),
        needsBody: operation.requestBody !== undefined,
      });
    }
  }
  // Deletes last: deleting the one chosen advertiser is itself checked, after everything else.
  operations.sort((x, y) => Number(x.method === "DELETE") - Number(y.method === "DELETE"));
  return { version: document.info.version, operations };
}

async function call(
  request: APIRequestContext,
  token: string,
  operation: Operation,
  version: string,
  key: string | null,
  name: string,
) {
  const url = operation.path.replace("{version}", version).replace("{id_from_network}", key ?? "");
  return request.fetch(url, {
    method: operation.method,
    headers: { Authorization: token, Accept: "application/json", "Content-Type": "application/json" },
    ...(operation.needsBody ? { data: JSON.stringify({ name }) } : {}),
  });
}

async function openNewCredential(page: Page) {
  await page.goto("/integrations/invoca-apis/new");
  await expect(page.getByRole("heading", { level: 1, name: "New API Credential" })).toBeVisible();
}

test("a credential narrowed in the browser is refused, 403 naming the scope, on every route outside its grant, and answers inside it", async ({
  page,
  request,
}) => {
  const { db, a, b, networkUser } = await arrangeNetwork(test.info());
  await signInExpectingDashboard(page, networkUser.email, PASSWORD);
  await openNewCredential(page);
  const description = `Narrowed ${Date.now()}`;
  await page.getByLabel("Description").fill(description);
  await page.getByLabel(/Narrow it below your privileges/).check();
  await page.getByLabel("Advertisers", { exact: true }).selectOption("write");
  await page.getByLabel("Publishers", { exact: true }).selectOption("none");
  await page.getByLabel("Users", { exact: true }).selectOption("none");
  await page.getByLabel("Data", { exact: true }).selectOption("read");
  const which = page.getByRole("group", { name: "Which advertisers" });
  await which.getByLabel("Only these").check();
  // "Only these" with none chosen: refused next to the list, nothing created, nothing typed lost.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Choose at least one advertiser, or all of them")).toBeVisible();
  await expect(page.getByLabel("Description")).toHaveValue(description);
  expect(await db.credential.count({ where: { userId: networkUser.id } })).toBe(0);
  // Only the owner's reachable organizations are offered.
  const list = page.getByLabel("Chosen advertisers");
  await expect(list.locator("option")).toHaveCount(2);
  await list.selectOption([a.id]);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const secretField = page.getByTestId("new-secret");
  await expect(secretField).toBeVisible();
  const token = await secretField.inputValue();

  await page.getByRole("link", { name: "Back to Invoca APIs" }).click();
  await expect(page.getByRole("row", { name: new RegExp(description) })).toContainText(
    "Permissions: advertisers: write (1 chosen), publishers: none, users: none, data: read",
  );

  const scopes = ["advertisers:write", "data:read"];
  const caller = { user: { role: "network_user" }, scopes };
  const { version, operations } = await credentialOperations(request);
  expect(operations.length).toBeGreaterThanOrEqual(10);
  const seen = { refusedByScope: 0, refusedByGrant: 0, answered: 0 };
  for (const operation of operations) {
    const label = `${operation.method} ${operation.path}`;
    const allowed = operation.scope === null || (isScope(operation.scope) && hasScope(caller, operation.scope));
    if (!allowed) {
      // Outside its scopes: refused whatever it names, and the answer says which scope is missing.
      for (const key of operation.hasId ? [a.idFromNetwork, b.idFromNetwork] : [null]) {
        const response = await call(request, token, operation, version, key, a.name);
        expectBearerError(response, 403, "insufficient_scope");
        expect(response.headers()["www-authenticate"], label).toContain(`scope="${operation.scope}"`);
        expect((await response.json()).error_description, label).toContain(operation.scope);
      }
      seen.refusedByScope += 1;
      continue;
    }
    if (operation.hasId) {
      // Outside its advertisers: B and a key no advertiser has get the very same 403.
      const outside = await call(request, token, operation, version, b.idFromNetwork, b.name);
      const missing = await call(request, token, operation, version, "NO-SUCH-ONE", "Nobody");
      expectBearerError(outside, 403, "insufficient_scope");
      expectBearerError(missing, 403, "insufficient_scope");
      const [outsideBody, missingBody] = [await outside.json(), await missing.json()];
      expect(outsideBody.error_description, label).toMatch(/limited to chosen advertisers/);
      expect(outsideBody.error_description.replace(b.idFromNetwork, "KEY"), label).toBe(
        missingBody.error_description.replace("NO-SUCH-ONE", "KEY"),
      );
      seen.refusedByGrant += 1;
    }
    const inside = await call(request, token, operation, version, operation.hasId ? a.idFromNetwork : null, a.name);
    expect(inside.status(), `${label} inside the grant`).toBeLessThan(300);
    if (operation.path.endsWith("/advertisers.json")) {
      expect(
        (await inside.json()).advertisers.map((row: { id: string }) => row.id),
        label,
      ).toEqual([a.id]);
    }
    if (operation.path === "/v1/data") expect((await inside.json()).data.advertisers, label).toBe(1);
    seen.answered += 1;
  }
  expect(seen.refusedByScope).toBeGreaterThan(0);
  expect(seen.refusedByGrant).toBeGreaterThan(0);
  expect(seen.answered).toBeGreaterThan(0);

  // B was never touched; A was deleted last, inside the grant, and that did not widen it.
  expect(await db.advertiser.findUnique({ where: { id: b.id } })).toMatchObject({ name: b.name });
  expect(await db.advertiser.findUnique({ where: { id: a.id } })).toBeNull();
  const after = await request.get(`/api/${version}/advertisers.json`, { headers: { Authorization: token } });
  expect((await after.json()).advertisers).toEqual([]);
  const stillOutside = await request.get(`/api/${version}/advertisers/${b.idFromNetwork}.json`, {
    headers: { Authorization: token },
  });
  expectBearerError(stillOutside, 403, "insufficient_scope");
});

test("a credential confined to advertiser A cannot read, change or delete B, from its own account or a second one", async ({
  request,
}) => {
  const first = await arrangeNetwork(test.info());
  const second = await arrangeNetwork(test.info());
  const version = "2022-08-01";
  const narrowedIn = async (network: typeof first, advertiserId: string) => {
    const result = await createPersonalCredential(
      network.db,
      { ...network.networkUser, accountId: network.accountId },
      {
        description: "confined",
        narrowing: {
          levels: { advertisers: "write", publishers: "read", users: "read", data: "read" },
          advertisers: [advertiserId],
          publishers: null,
        },
      },
      NO_REQUEST,
    );
    if (!("created" in result)) throw new Error("expected a credential");
    return { Authorization: result.created.secret, "Content-Type": "application/json" };
  };
  const own = await narrowedIn(first, first.a.id);
  const foreign = await narrowedIn(second, second.a.id);
  const attempts = (headers: Record<string, string>, key: string) => [
    request.get(`/api/${version}/advertisers/${key}.json`, { headers }),
    request.put(`/api/${version}/advertisers/${key}.json`, { headers, data: JSON.stringify({ name: "Taken over" }) }),
    request.post(`/api/${version}/advertisers/${key}.json`, { headers, data: JSON.stringify({ name: "Taken over" }) }),
    request.delete(`/api/${version}/advertisers/${key}.json`, { headers }),
  ];
  const describe = async (responses: Promise<import("@playwright/test").APIResponse>[], key: string) =>
    Promise.all(
      responses.map(async (pending) => {
        const response = await pending;
        return `${response.status()} ${(await response.json()).error_description.replace(key, "KEY")}`;
      }),
    );
  const missing = await describe(attempts(own, "NO-SUCH-ONE"), "NO-SUCH-ONE");
  expect(new Set(missing).size).toBe(1);
  expect(missing[0]).toMatch(/^403 /);
  // B of its own network, by its key or Keyward's id, answers exactly as a missing one.
  expect(await describe(attempts(own, first.b.idFromNetwork), first.b.idFromNetwork)).toEqual(missing);
  expect(await describe(attempts(own, first.b.id), first.b.id)).toEqual(missing);
  // A second network's narrowed credential, aiming at the first network's A: the same again.
  expect(await describe(attempts(foreign, first.a.id), first.a.id)).toEqual(missing);
  expect(await describe(attempts(foreign, first.a.idFromNetwork), first.a.idFromNetwork)).toEqual(missing);
  // Twenty writes racing at B change nothing.
  const racing = await Promise.all(
    Array.from({ length: 20 }, () =>
      request.put(`/api/${version}/advertisers/${first.b.idFromNetwork}.json`, {
        headers: own,
        data: JSON.stringify({ name: "Raced" }),
      }),
    ),
  );
  expect(racing.map((response) => response.status())).toEqual(Array<number>(20).fill(403));
  expect(await first.db.advertiser.findUnique({ where: { id: first.b.id } })).toMatchObject({ name: first.b.name });
  expect(await first.db.advertiser.findUnique({ where: { id: first.a.id } })).toMatchObject({ name: first.a.name });

  // Lists and users: only the chosen advertiser, and only the users who belong to it (and the owner).
  const member = await first.user("advertiser_user", { advertiserId: first.a.id });
  await first.user("advertiser_user", { advertiserId: first.b.id });
  const users = await (await request.get("/v1/users", { headers: own })).json();
  expect(users.users.map((user: { id: string }) => user.id).sort()).toEqual([first.networkUser.id, member.id].sort());
  const listed = await (await request.get(`/api/${version}/advertisers.json`, { headers: own })).json();
  expect(listed.advertisers.map((row: { id: string }) => row.id)).toEqual([first.a.id]);
  // Publishers were left to "all": a narrowing of one kind does not touch the other.
  const publishers = await (await request.get(`/api/${version}/publishers.json`, { headers: own })).json();
  expect(publishers.publishers.map((row: { id: string }) => row.id)).toEqual([first.p.id]);
});

test("the Create Auth Token dialog narrows a token within the chosen API user's role", async ({ page, request }) => {
  const { db, accountId, a, b, user } = await arrangeNetwork(test.info());
  const admin = await user("super_admin");
  const apiUser = await user("advertiser_user", { advertiserId: a.id });
  await db.user.update({ where: { id: apiUser.id }, data: { isApiUser: true } });
  const adminActor = { id: admin.id, email: admin.email, accountId, role: "super_admin" as const };
  const accountKey = (await generateAccountApiKey(db, adminActor, NO_REQUEST)).secret;
  await signInExpectingDashboard(page, admin.email, PASSWORD);
  await page.goto("/account/api-access");
  await page.getByRole("button", { name: "Create Auth Token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Auth Token" });
  await dialog.getByLabel("Name").fill("Narrowed token");
  await dialog.getByLabel("API User").selectOption(apiUser.id);
  await dialog.getByLabel("Expiration Date").fill(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
  await dialog.getByLabel(/Narrow it below the API user's privileges/).check();
  // An advertiser user reads only: no write is offered, no publishers at all, and only their own advertiser.
  const advertisers = dialog.getByLabel("Advertisers", { exact: true });
  await expect(advertisers.locator("option")).toHaveText(["No access", "Read-only"]);
  await expect(dialog.getByLabel("Publishers", { exact: true })).toHaveCount(0);
  await dialog.getByLabel("Users", { exact: true }).selectOption("none");
  await dialog.getByRole("group", { name: "Which advertisers" }).getByLabel("Only these").check();
  const chosen = dialog.getByLabel("Chosen advertisers");
  await expect(chosen.locator("option")).toHaveCount(1);
  await chosen.selectOption([a.id]);
  await dialog.getByRole("button", { name: "Create" }).click();
  const secretField = dialog.getByTestId("new-secret");
  await expect(secretField).toBeVisible();
  const token = await secretField.inputValue();
  const stored = await db.credential.findFirstOrThrow({
    where: { accountId, kind: "at", name: "Narrowed token" },
    include: { grants: true },
  });
  expect(stored.scopes).toBe("advertisers:read data:read");
  expect(stored.onlyChosenAdvertisers).toBe(true);
  expect(stored.grants.map((grant) => grant.advertiserId)).toEqual([a.id]);
  expect(b.id).not.toBe(a.id);

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: /Narrowed token/ })).toContainText(
    "Permissions: advertisers: read (1 chosen), users: none, data: read",
  );

  // The token at work, with the account key it needs: users:read was left out, so /v1/users names it.
  const headers = { user_key: accountKey, Authorization: `Bearer ${token}` };
  const users = await request.get("/v1/users", { headers });
  expectBearerError(users, 403, "insufficient_scope");
  expect((await users.json()).error_description).toContain("users:read");
  const own = await request.get(`/api/2022-08-01/advertisers/${a.idFromNetwork}.json`, { headers });
  expect(own.status()).toBe(200);
  const other = await request.get(`/api/2022-08-01/advertisers/${b.idFromNetwork}.json`, { headers });
  expectBearerError(other, 403, "insufficient_scope");
});

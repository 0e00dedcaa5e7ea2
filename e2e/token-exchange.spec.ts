// Deskpro's token exchange (seed 002) and the super admin's switches for the legacy
// transports, on a server of their own: they use up the address's failed-attempt budget and
// change server-wide settings on purpose.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { E2E_ADMIN } from "./support/server";
import { serverOfItsOwn } from "./support/own-server";
import { expectBearerError } from "./support/api";

const PASSWORD = "exchange suite password";

test.describe.configure({ mode: "serial" });

const own = serverOfItsOwn(2);

async function user(options: { status?: "active" | "disabled"; isApiUser?: boolean } = {}) {
  const accountId = (await own.db().account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
  const email = `exchange.${randomBytes(4).toString("hex")}@e2e.test`;
  const created = await createUser(
    own.db(),
    accountId,
    { email, name: "Exchange User", password: PASSWORD, role: "network_user", status: options.status ?? "active" },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  if (options.isApiUser) await own.db().user.update({ where: { id: created.id }, data: { isApiUser: true } });
  return { id: created.id, email, accountId };
}

const exchange = (path: string, body: unknown) =>
  own.api().post(path, { headers: { "Content-Type": "application/json" }, data: JSON.stringify(body) });

test("the seed's curl: POST /api/v2/me with email and password returns person_id and a token that works with Authorization: token", async () => {
  const person = await user();
  const response = await exchange("/api/v2/me", { email: person.email, password: PASSWORD });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const body = await response.json();
  expect(body.person_id).toBe(person.id);
  expect(body.token).toMatch(/^kw_tok_[0-9A-Za-z]{38}$/);
  const me = await own.api().get("/api/v2/me", { headers: { Authorization: `token ${body.token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ person_id: person.id, email: person.email });
  // The same endpoint under its own name.
  const again = await exchange("/api/v2/api_tokens", { email: person.email.toUpperCase(), password: PASSWORD });
  expect(again.status()).toBe(200);
  expect((await again.json()).token).not.toBe(body.token);
  expect(await own.db().auditEvent.count({ where: { action: "auth.token_exchange", actorId: person.id } })).toBe(2);
  // An exchanged token is for the token scheme only.
  expectBearerError(
    await own.api().get("/api/v2/me", { headers: { Authorization: `Bearer ${body.token}` } }),
    401,
    "invalid_token",
  );
});

test("a wrong email and a wrong password get the same answer; API users and disabled users are refused", async () => {
  const person = await user();
  const wrongPassword = await exchange("/api/v2/api_tokens", { email: person.email, password: "not the password" });
  const wrongEmail = await exchange("/api/v2/api_tokens", {
    email: `nobody.${randomBytes(3).toString("hex")}@e2e.test`,
    password: PASSWORD,
  });
  expect(wrongPassword.status()).toBe(401);
  expect(wrongEmail.status()).toBe(401);
  expect(await wrongPassword.json()).toEqual(await wrongEmail.json());
  const apiUser = await user({ isApiUser: true });
  const disabled = await user({ status: "disabled" });
  expect((await exchange("/api/v2/api_tokens", { email: apiUser.email, password: PASSWORD })).status()).toBe(403);
  expect((await exchange("/api/v2/api_tokens", { email: disabled.email, password: PASSWORD })).status()).toBe(403);
  expect(await own.db().credential.count({ where: { userId: { in: [apiUser.id, disabled.id] } } })).toBe(0);
  const bad = await own
    .api()
    .post("/api/v2/api_tokens", { headers: { "Content-Type": "application/json" }, data: "{oops" });
  expect(bad.status()).toBe(400);
  expect(
    (await own.api().post("/api/v2/api_tokens", { form: { email: person.email, password: PASSWORD } })).status(),
  ).toBe(415);
});

test("repeated failures lock the account out, even with the right password, and every try is audited", async () => {
  const person = await user();
  for (let i = 0; i < 5; i++)
    expect((await exchange("/api/v2/api_tokens", { email: person.email, password: `wrong ${i}` })).status()).toBe(401);
  const locked = await exchange("/api/v2/api_tokens", { email: person.email, password: PASSWORD });
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await own.db().credential.count({ where: { userId: person.id } })).toBe(0);
  const events = await own.db().auditEvent.findMany({ where: { targetLabel: person.email } });
  expect(events.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(5);
  expect(events.filter((e) => e.action === "auth.sign_in_throttled")).toHaveLength(1);
  expect(
    events.filter((e) => e.action.startsWith("auth.")).every((e) => e.details?.includes('"channel":"token_exchange"')),
  ).toBe(true);
});

test("a super admin switches off the token exchange and query-string tokens; each takes effect at once", async ({
  page,
}) => {
  const person = await user();
  const credential = await createPersonalCredential(
    own.db(),
    { id: person.id, email: person.email, accountId: person.accountId },
    { description: "query" },
    NO_REQUEST,
  );
  if (!("created" in credential)) throw new Error("expected a credential");
  const token = credential.created.secret;
  expect((await own.api().get(`/api/v2/me?oauth_token=${token}`)).status()).toBe(200);

  await page.goto(`${own.server().baseURL}/sign-in`);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "API Settings" }).click();
  await page.getByLabel("Accept tokens in the query string").uncheck();
  await page.getByLabel("Token exchange endpoint (email + password)").uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await page.reload();
  await expect(page.getByLabel("Accept tokens in the query string")).not.toBeChecked();

  const byQuery = await own.api().get(`/api/v2/me?oauth_token=${token}`);
  expectBearerError(byQuery, 400, "invalid_request");
  expect((await own.api().get(`/api/v2/me`, { headers: { Authorization: token } })).status()).toBe(200);
  const off = await exchange("/api/v2/api_tokens", { email: person.email, password: PASSWORD });
  expect(off.status()).toBe(403);
  expect((await off.json()).error_description).toContain("switched off");
  expect(await own.db().auditEvent.count({ where: { action: "settings.updated" } })).toBe(1);

  // The server never wrote the query-string token to its output.
  expect(own.server().output()).not.toContain(token);
});

// Two Keyward instances on one PostgreSQL database: a credential revoked through one is
// refused by that one at once and by the other within a second (its look-up cache lives
// CACHE_TTL_MS = 750 ms).
import { expect, test } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createDb } from "@/lib/db/client";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { CACHE_TTL_MS } from "@/lib/credentials/cache";
import { startServer } from "./support/server";
import { extraPort } from "./support/state";
import { expectBearerError } from "./support/api";

test("revoked on instance A: refused by A at once and by B within a second", async ({ page, playwright }, testInfo) => {
  test.skip(
    testInfo.project.name !== "postgresql",
    "several instances share a PostgreSQL database; SQLite is one instance's file",
  );
  const a = await startServer({ kind: "postgresql", port: extraPort(3, testInfo) });
  const b = await startServer({ kind: "postgresql", port: extraPort(4, testInfo), database: a.database });
  const db = await createDb(a.database);
  const apiA = await playwright.request.newContext({ baseURL: a.baseURL });
  const apiB = await playwright.request.newContext({ baseURL: b.baseURL });
  try {
    const accountId = (await db.account.findFirstOrThrow()).id;
    const user = await createUser(
      db,
      accountId,
      {
        email: "two.instances@e2e.test",
        name: "Two",
        password: "two instances password",
        role: "network_user",
        status: "active",
      },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    const made = await createPersonalCredential(
      db,
      { id: user.id, email: user.email, accountId },
      { description: "Shared" },
      NO_REQUEST,
    );
    if (!("created" in made)) throw new Error("expected a credential");
    const headers = { Authorization: made.created.secret };
    // Both instances have it in their caches now.
    expect((await apiA.get("/api/v2/me", { headers })).status()).toBe(200);
    expect((await apiB.get("/api/v2/me", { headers })).status()).toBe(200);

    await page.goto(`${a.baseURL}/sign-in`);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("two instances password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
    await page.goto(`${a.baseURL}/integrations/invoca-apis`);
    await page
      .getByRole("row", { name: /Shared/ })
      .getByRole("button", { name: "Revoke" })
      .click();
    await page.getByRole("dialog", { name: "Revoke API credential?" }).getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByRole("row", { name: /Shared/ })).toContainText("Revoked");
    const revokedAt = Date.now();

    expectBearerError(await apiA.get("/api/v2/me", { headers }), 401, "invalid_token");
    // B answers from its cache until the entry ages out; any request CACHE_TTL_MS after the
    // revocation committed is refused.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, revokedAt + CACHE_TTL_MS - Date.now())));
    expect(CACHE_TTL_MS).toBeLessThan(1000);
    expectBearerError(await apiB.get("/api/v2/me", { headers }), 401, "invalid_token");
  } finally {
    await apiA.dispose();
    await apiB.dispose();
    await db.$disconnect();
    await b.stop();
    await a.stop();
  }
});

// Cross-site request forgery: a signed-in super admin's browser is made to send a server action
// from another site. The session cookie is HttpOnly and SameSite=Lax (a cross-site POST carries
// no cookie at all), and even a request that does carry it is refused when its Origin is not
// Keyward's own: Next.js compares Origin with Host for every server action.
import { expect, test } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createUser } from "@/lib/users/create-user";
import { holdNextAction } from "./support/server-actions";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeAccountWithAdmin, E2E_USER_PASSWORD } from "./support/users";

test("a server action with the admin's session but another site's Origin is refused and changes nothing", async ({
  page,
  baseURL,
}) => {
  const admin = await arrangeAccountWithAdmin(test.info());
  const db = await databaseFor(test.info());
  const owner = await createUser(
    db,
    admin.accountId,
    {
      email: `csrf.${Date.now()}@e2e.test`,
      name: "Owner",
      password: E2E_USER_PASSWORD,
      role: "network_user",
      status: "active",
    },
    { ...SYSTEM_ACTOR, accountId: admin.accountId },
    NO_REQUEST,
  );
  const created = await createPersonalCredential(
    db,
    { id: owner.id, email: owner.email, accountId: admin.accountId },
    { description: "Forgery target" },
    NO_REQUEST,
  );
  if (!("created" in created)) throw new Error("expected a credential");

  await signInExpectingDashboard(page, admin.email, admin.password);
  const session = (await page.context().cookies()).find((cookie) => cookie.name.includes("session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  // The real Revoke request, held back before it reaches the server.
  await page.goto("/credentials");
  const next = await holdNextAction(page, "/credentials");
  await page.getByRole("button", { name: `Revoke ${created.created.hint}` }).click();
  await page
    .getByRole("dialog", { name: "Revoke this API credential?" })
    .getByRole("button", { name: "Revoke" })
    .click();
  const revoke = await next();
  const send = (origin: string) =>
    page.request.post(revoke.path, {
      headers: {
        "Next-Action": revoke.actionId,
        "Content-Type": revoke.contentType,
        Accept: "text/x-component",
        Origin: origin,
      },
      data: revoke.body,
      maxRedirects: 0,
    });

  const forged = await send("https://evil.example.test");
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  expect((await db.credential.findUniqueOrThrow({ where: { id: created.created.id } })).status).toBe("active");
  expect(await db.auditEvent.count({ where: { action: "credential.revoked", targetId: created.created.id } })).toBe(0);

  // The same request from Keyward's own origin is carried out: the refusal above was the
  // Origin, not a malformed replay.
  const genuine = await send(new URL(baseURL!).origin);
  expect(genuine.status()).toBe(200);
  expect((await db.credential.findUniqueOrThrow({ where: { id: created.created.id } })).status).toBe("revoked");
});

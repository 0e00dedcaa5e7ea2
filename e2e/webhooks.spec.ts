// Signed webhooks end to end: a super admin registers an endpoint in the browser (a receiver
// this spec runs on 127.0.0.1), sees its signing secret once, creates and revokes a credential,
// and the receiver verifies every delivery with the standardwebhooks library; a first attempt
// the receiver refuses is retried, the delivery log shows both attempts, and Resend sends again.
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startReceiver, type ReceivedWebhook, type TestReceiver } from "@/test/webhook-receiver";
import { databaseFor } from "./support/state";
import { resumeSession } from "./support/sessions";

let receiver: TestReceiver;

test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

interface CredentialEvent {
  type: string;
  data: { credential: { id: string; name: string; hint: string; status: string } };
}

/** The verified requests that carried `type` for the credential named `name`. */
function deliveriesOf(type: string, name: string): ReceivedWebhook[] {
  return receiver.received.filter((request) => {
    const payload = request.payload as CredentialEvent | null;
    return request.verifiedWith === 0 && payload?.type === type && payload.data.credential?.name === name;
  });
}

test("register an endpoint, receive signed credential events, read the delivery log and resend", async ({ page }) => {
  const name = `Webhook e2e ${test.info().project.name} ${Date.now()}`;
  // The first delivery of this credential's creation is refused, so it is retried.
  let refusedOnce = false;
  receiver.respond = (_index, request) => {
    const payload = request.payload as CredentialEvent | null;
    if (!refusedOnce && payload?.type === "credential.created" && payload.data.credential?.name === name) {
      refusedOnce = true;
      return 503;
    }
    return 204;
  };

  await resumeSession(page, "super_admin");
  await page.getByRole("navigation", { name: "Main Navigation" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  // Refused next to the field: http to anything but loopback.
  await page.getByRole("button", { name: "Add endpoint" }).click();
  let dialog = page.getByRole("dialog", { name: "Add webhook endpoint" });
  await dialog.getByLabel("URL").fill("http://hooks.example.com/keyward");
  await dialog.getByLabel(/Credential created/).check();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  await expect(dialog.locator("#add-endpoint-url-error")).toContainText("https");
  await expect(dialog.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("URL").fill(receiver.url);
  await dialog.getByLabel("Description").fill(name);
  await dialog.getByLabel(/Credential revoked/).check();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  const shown = dialog.getByTestId("new-secret");
  await expect(shown).toBeVisible();
  const secret = await shown.inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await expect(dialog.getByText("You will not be able to see it again.")).toBeVisible();
  receiver.secrets = [secret];
  await dialog.getByRole("button", { name: "Done" }).click();
  const link = page.getByRole("link", { name: receiver.url });
  await expect(link).toBeVisible();
  // Shown once: not on the list, not after a reload, not in the database as typed.
  expect(await page.content()).not.toContain(secret);
  const db = await databaseFor(test.info());
  expect(JSON.stringify(await db.webhookEndpoint.findMany())).not.toContain(secret.slice(6));

  // A credential created and revoked in the browser.
  await page.goto("/integrations/invoca-apis");
  await page.getByRole("link", { name: "+ New API Credential" }).click();
  await page.getByLabel("Description").fill(name);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const credentialSecret = await page.getByTestId("new-secret").inputValue();
  await page.getByRole("link", { name: "Back to Invoca APIs" }).click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke API credential?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");

  // Both events arrive, verified with the secret the page showed; the creation after a retry.
  await expect.poll(() => deliveriesOf("credential.created", name).length, { timeout: 30_000 }).toBe(2);
  await expect.poll(() => deliveriesOf("credential.revoked", name).length, { timeout: 30_000 }).toBe(1);
  const [first, retry] = deliveriesOf("credential.created", name);
  expect(retry!.id).toBe(first!.id);
  const revoked = deliveriesOf("credential.revoked", name)[0]!;
  for (const request of [first!, retry!, revoked]) {
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    expect(request.body).not.toContain(credentialSecret);
  }
  expect((revoked.payload as unknown as CredentialEvent).data.credential).toMatchObject({
    name,
    status: "revoked",
    hint: `kw_pat_…${credentialSecret.slice(-4)}`,
  });

  // The delivery log: the creation's two attempts, the refused one and the delivered one.
  await page.goto("/webhooks");
  await page.getByRole("link", { name: receiver.url }).click();
  await expect(page.getByRole("heading", { level: 1, name: receiver.url })).toBeVisible();
  const attempts = page.locator(`tr[data-event="${first!.id}"]`);
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(0)).toContainText("#2");
  await expect(attempts.nth(0)).toContainText("Succeeded");
  await expect(attempts.nth(0)).toContainText("204");
  await expect(attempts.nth(0)).toContainText("Delivered");
  await expect(attempts.nth(1)).toContainText("#1");
  await expect(attempts.nth(1)).toContainText("Failed");
  await expect(attempts.nth(1)).toContainText("503");

  // Resend: the same message again, as a new delivery, audited.
  await attempts
    .nth(0)
    .getByRole("button", { name: /^Resend/ })
    .click();
  await expect(page.getByText("Resend queued")).toBeVisible();
  await expect.poll(() => deliveriesOf("credential.created", name).length, { timeout: 30_000 }).toBe(3);
  expect(deliveriesOf("credential.created", name)[2]!.id).toBe(first!.id);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator(`tr[data-event="${first!.id}"]`).filter({ hasText: "Resent" }).count();
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  expect(await db.auditEvent.count({ where: { action: "webhook.delivery_resent", targetLabel: receiver.url } })).toBe(
    1,
  );

  // Send test event: a webhook.test message, verified like the others.
  const before = receiver.received.length;
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued")).toBeVisible();
  await expect
    .poll(
      () =>
        receiver.received
          .slice(before)
          .some((request) => request.verifiedWith === 0 && request.payload?.type === "webhook.test"),
      {
        timeout: 30_000,
      },
    )
    .toBe(true);

  // Deleting the endpoint stops everything.
  await page.getByRole("button", { name: "Delete" }).click();
  dialog = page.getByRole("dialog", { name: "Delete webhook endpoint?" });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await expect(page.getByRole("link", { name: receiver.url })).toHaveCount(0);
});

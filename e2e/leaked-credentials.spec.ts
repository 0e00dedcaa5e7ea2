// Leaked credentials end to end, on a production server of this spec's own (its leak-report
// budget and its SMTP and webhook settings disturb no other spec): a reported secret is refused
// by the API at once, the answer follows GitHub's partner format, the owner is mailed through a
// real SMTP server and a webhook receiver gets credential.leaked; a super admin pastes a secret
// into the Credentials search in Chromium and lands on its owner, the secret in no URL; too
// many reports from one address get 429.
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type TestInfo } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR, type RequestContext } from "@/lib/audit";
import { LEAK_REPORTS_PER_MINUTE } from "@/lib/credentials/leaked/report-rate-limit";
import { createPersonalCredential } from "@/lib/credentials/personal-credentials";
import { createDb, type Db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { startSmtpReceiver, type SmtpReceiver } from "@/test/smtp-receiver";
import { startReceiver, type TestReceiver } from "@/test/webhook-receiver";
import { E2E_ADMIN, startServer, type RunningServer } from "./support/server";
import { extraPort } from "./support/state";

test.describe.configure({ mode: "serial" });

const context: RequestContext = { ip: "127.0.0.1", userAgent: "playwright" };
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
let smtp: SmtpReceiver;
let hooks: TestReceiver;
let server: RunningServer;
let db: Db;
let accountId: string;

test.beforeAll(async ({}, testInfo: TestInfo) => {
  test.setTimeout(180_000);
  smtp = await startSmtpReceiver();
  hooks = await startReceiver();
  server = await startServer({
    kind: testInfo.project.name === "postgresql" ? "postgresql" : "sqlite",
    port: extraPort(25, testInfo),
    env: {
      KEYWARD_SMTP_URL: smtp.url,
      KEYWARD_WEBHOOKS_ALLOW_HTTP_LOOPBACK: "1",
      KEYWARD_WEBHOOKS_POLL_MS: "200",
    },
  });
  db = await createDb(server.database);
  accountId = (await db.account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
  const admin = await db.user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email } });
  const made = await createEndpoint(
    db,
    { id: admin.id, email: admin.email, accountId, role: "super_admin" },
    { url: hooks.url, events: ["credential.leaked"] },
    { allowLoopback: true, allowPrivate: false },
    context,
  );
  hooks.secrets = [made.secret];
});

test.afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await hooks?.close();
  await smtp?.stop();
});

/** A user of the account with a fresh API credential (kw_pat_). */
async function ownerWithCredential(description: string) {
  const email = `leak.${randomBytes(4).toString("hex")}@e2e.test`;
  const user = await createUser(
    db,
    accountId,
    { email, name: "Leak owner", password: "leak owner password", role: "network_user", status: "active" },
    { ...SYSTEM_ACTOR, accountId },
    NO_REQUEST,
  );
  const made = await createPersonalCredential(db, { id: user.id, email, accountId }, { description }, context);
  if (!("created" in made)) throw new Error("expected a credential");
  return { email, ...made.created };
}

test("a reported secret is refused at once, the answer is per token, the owner is mailed and the webhook receiver told", async ({
  request,
}) => {
  const { email, secret, id, hint } = await ownerWithCredential("Deploy script");
  const me = () => request.get(`${server.baseURL}/api/v2/me`, { headers: { Authorization: secret } });
  expect((await me()).status()).toBe(200);

  const badChecksum = secret.slice(0, -1) + (secret.endsWith("0") ? "1" : "0");
  const url = "https://github.com/octo/leaky/blob/0123abc/deploy.sh";
  const answer = await request.post(`${server.baseURL}/api/credentials/leaked`, {
    data: [
      { token: secret, type: "keyward_api_credential", url, source: "content" },
      { token: "kw_pat_tooShort", type: "keyward_api_credential", url, source: "content" },
      { token: badChecksum, type: "keyward_api_credential", url, source: "content" },
    ],
  });
  expect(answer.status()).toBe(200);
  expect(answer.headers()["cache-control"]).toBe("no-store");
  expect(await answer.json()).toEqual([
    { token_hash: sha256(secret), token_type: "keyward_api_credential", label: "true_positive" },
    { token_hash: sha256("kw_pat_tooShort"), token_type: "keyward_api_credential", label: "false_positive" },
    { token_hash: sha256(badChecksum), token_type: "keyward_api_credential", label: "false_positive" },
  ]);

  // Refused at once by the API.
  const refused = await me();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toBe("invalid_token");

  // The owner's mail: the credential by name and hint, where it was found, never the secret.
  await expect.poll(() => smtp.mails.filter((mail) => mail.to.includes(email)).length).toBe(1);
  const mail = smtp.mails.find((sent) => sent.to.includes(email))!;
  expect(mail.subject).toContain(hint);
  expect(mail.text).toContain("Deploy script");
  expect(mail.text).toContain(url);
  expect(mail.raw).not.toContain(secret);

  // The signed credential.leaked event.
  await expect
    .poll(() => hooks.received.filter((hook) => hook.verifiedWith === 0 && hook.payload?.type === "credential.leaked"))
    .toHaveLength(1);
  const event = hooks.received.find((hook) => hook.payload?.type === "credential.leaked")!;
  expect(event.payload!.data).toMatchObject({
    credential: { id, hint, status: "revoked", user: { email } },
    leak: { source: "content", foundAt: url, outcome: "revoked" },
  });
  expect(event.body).not.toContain(secret);
});

test("a pasted secret finds its owner in one step, and the secret is in no URL", async ({ page }) => {
  const { email, secret, id } = await ownerWithCredential("Pasted in chat");
  const urls: string[] = [];
  page.on("request", (sent) => urls.push(sent.url()));

  await page.goto(`${server.baseURL}/sign-in`);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome,/ })).toBeVisible();
  await page.goto(`${server.baseURL}/credentials`);

  // A mistyped secret is refused next to the field, and stays typed.
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill(secret.slice(0, -2));
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.locator("#credential-search-query-error")).toContainText("checksum");
  await expect(search).toHaveAttribute("aria-invalid", "true");

  await search.fill(secret);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page).toHaveURL(`${server.baseURL}/credentials/${id}`);
  await expect(page.getByRole("link", { name: email })).toBeVisible();

  // A text search goes in the URL; a secret never does, in any request the page made.
  await page.goto(`${server.baseURL}/credentials`);
  await page.getByRole("searchbox", { name: "Search" }).fill("Pasted in CHAT");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page).toHaveURL(/\/credentials\?q=Pasted/);
  await expect(page.getByRole("table", { name: "Credentials" }).getByRole("row")).toHaveCount(2);
  for (const sent of urls) expect(sent).not.toContain(secret.slice(7, 30));
});

test("too many reports from one address get 429 with Retry-After", async ({ request }) => {
  let status = 200;
  let sent = 0;
  // The first test used one report of this address's budget.
  while (status !== 429 && sent <= LEAK_REPORTS_PER_MINUTE) {
    const answer = await request.post(`${server.baseURL}/api/credentials/leaked`, {
      data: [{ token: "not-a-secret", type: "x", url: "", source: "" }],
    });
    status = answer.status();
    sent++;
    if (status === 429) {
      expect(Number(answer.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
      expect((await answer.json()).error).toBe("rate_limited");
    } else
      expect(await answer.json()).toEqual([
        { token_hash: sha256("not-a-secret"), token_type: "x", label: "false_positive" },
      ]);
  }
  expect(status).toBe(429);
  expect(sent).toBe(LEAK_REPORTS_PER_MINUTE);
});

// The HTTP edge as an attacker meets it: forged Host headers and a shared cache in front of
// the OAuth metadata, another site's page posting to the JSON endpoints, and the
// Content-Security-Policy of every page in a real browser.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import { createUser } from "@/lib/users/create-user";
import { apiNetwork, arrangePersonalToken } from "./support/api";
import {
  arrangeOAuthApp,
  arrivalAt,
  authorizePath,
  pkcePair,
  randomState,
  startLoopbackApp,
} from "./support/oauth-flow";
import { serverOfItsOwn } from "./support/own-server";
import { E2E_SECRET, createFreshDatabase, startServer } from "./support/server";
import { resumeSession } from "./support/sessions";
import { signInExpectingDashboard } from "./support/sign-in";
import { extraPort } from "./support/state";
import { arrangeUser } from "./support/users";

const V = "2022-08-01";

function baseURL(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("no baseURL");
  return url;
}

/** A GET with whatever Host header we like (fetch and Playwright insist on the real one). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

const FORGED = {
  host: "keyward.attacker.example",
  "x-forwarded-host": "keyward.attacker.example",
  "x-forwarded-proto": "https",
  forwarded: "host=keyward.attacker.example;proto=https",
};

test.describe("origins are trusted only when configured", () => {
  test("the OAuth metadata is never stored by a shared cache, and a forged Host or X-Forwarded-Host does not change its issuer", async () => {
    const honest = await rawGet(`${baseURL()}/.well-known/oauth-authorization-server`, {});
    expect(honest.status).toBe(200);
    expect(honest.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(honest.body)).toMatchObject({ issuer: baseURL(), token_endpoint: `${baseURL()}/oauth2/token` });

    const forged = await rawGet(`${baseURL()}/.well-known/oauth-authorization-server`, FORGED);
    expect(forged.status).toBe(200);
    expect(forged.headers["cache-control"]).toBe("no-store");
    expect(forged.body).not.toContain("attacker");
    expect(JSON.parse(forged.body)).toEqual(JSON.parse(honest.body));
  });

  test("a forged Host does not change the iss an error redirect carries back to the app", async () => {
    const loopback = await startLoopbackApp();
    try {
      const { app } = await arrangeOAuthApp(test.info(), loopback);
      // An app's own mistake (no PKCE) goes straight back to it, before anyone signs in.
      const path = authorizePath({
        response_type: "code",
        client_id: app.clientId,
        redirect_uri: loopback.redirectUri,
        state: randomState(),
      });
      const answer = await rawGet(`${baseURL()}${path}`, FORGED);
      expect(answer.status).toBe(307);
      const location = new URL(String(answer.headers.location));
      expect(`${location.origin}${location.pathname}`).toBe(loopback.redirectUri);
      expect(location.searchParams.get("error")).toBe("invalid_request");
      expect(location.searchParams.get("iss")).toBe(baseURL());
    } finally {
      await loopback.close();
    }
  });

  test("without KEYWARD_URL (a local install), X-Forwarded-Host and -Proto count only when a trusted proxy sent them", async ({}, testInfo) => {
    test.skip(
      testInfo.project.name !== "sqlite",
      "a local install is SQLite; the forwarding rules do not depend on the database",
    );
    const forwarded = { "x-forwarded-host": "keyward.example.com", "x-forwarded-proto": "https" };
    const direct = await startServer({ kind: "sqlite", port: extraPort(8, testInfo), env: { KEYWARD_URL: "" } });
    try {
      const answer = await rawGet(`${direct.baseURL}/.well-known/oauth-authorization-server`, forwarded);
      expect(JSON.parse(answer.body).issuer).toBe(direct.baseURL);
      expect(answer.headers["cache-control"]).toBe("no-store");
    } finally {
      await direct.stop();
    }
    const proxied = await startServer({
      kind: "sqlite",
      port: extraPort(9, testInfo),
      env: { KEYWARD_URL: "", KEYWARD_TRUSTED_PROXIES: "1" },
    });
    try {
      const answer = await rawGet(`${proxied.baseURL}/.well-known/oauth-authorization-server`, forwarded);
      expect(JSON.parse(answer.body).issuer).toBe("https://keyward.example.com");
    } finally {
      await proxied.stop();
    }
  });

  test("a production server refuses to start without KEYWARD_URL, and says which variable to set", async ({}, testInfo) => {
    test.skip(testInfo.project.name !== "sqlite", "one refusal is enough; it does not depend on the database");
    const database = await createFreshDatabase("sqlite");
    const port = extraPort(7, testInfo);
    const child = spawn(process.execPath, [join(process.cwd(), "server.mjs")], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "production",
        KEYWARD_ENV: "production",
        PORT: String(port),
        KEYWARD_HOST: "127.0.0.1",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: database.url,
        KEYWARD_SECRET: E2E_SECRET,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    // Either it exits (as it must) or it serves; a server that answers is the failure.
    const outcome = await new Promise<"exited" | "served">((resolve) => {
      child.on("exit", () => resolve("exited"));
      const poll = setInterval(() => {
        fetch(`http://127.0.0.1:${port}/api/health`).then(
          () => {
            clearInterval(poll);
            resolve("served");
          },
          () => undefined,
        );
      }, 250);
      child.on("exit", () => clearInterval(poll));
    });
    if (outcome === "served") child.kill("SIGTERM");
    expect(outcome).toBe("exited");
    expect(child.exitCode).not.toBe(0);
    expect(output).toMatch(/KEYWARD_URL is not set/);
    expect(output).toMatch(/KEYWARD_URL=https:\/\//);
  });
});

test.describe("cross-site requests cannot reach JSON endpoints", () => {
  const PASSWORD = "edge suite password 123";
  const NOT_JSON = [
    "text/plain; x=application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=application/json",
    "application/jsonp",
    "application/json; charset=iso-8859-1",
    "",
  ];

  test.describe.configure({ mode: "serial" });

  // A server of its own: these tests try passwords from 127.0.0.1 on purpose.
  const own = serverOfItsOwn(6);

  async function person() {
    const accountId = (await own.db().account.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id;
    const email = `edge.${randomBytes(4).toString("hex")}@e2e.test`;
    const created = await createUser(
      own.db(),
      accountId,
      { email, name: "Edge User", password: PASSWORD, role: "network_user", status: "active" },
      { ...SYSTEM_ACTOR, accountId },
      NO_REQUEST,
    );
    return { id: created.id, email };
  }

  /** Every trace a password check leaves: sign-in audit rows naming the user (failures count towards the lock-out), and issued credentials. */
  async function tracesOf(user: { id: string; email: string }) {
    return {
      audit: await own.db().auditEvent.count({ where: { targetLabel: user.email, action: { startsWith: "auth." } } }),
      credentials: await own.db().credential.count({ where: { userId: user.id } }),
    };
  }

  test("the token exchange answers 415 to anything but JSON, before any password is checked", async () => {
    const user = await person();
    for (const type of NOT_JSON) {
      for (const password of [PASSWORD, "a wrong guess"]) {
        const response = await own.api().post("/api/v2/api_tokens", {
          headers: type ? { "Content-Type": type } : {},
          data: Buffer.from(JSON.stringify({ email: user.email, password })),
        });
        expect(response.status(), type).toBe(415);
        expect(await response.json()).toMatchObject({
          error: "invalid_request",
          error_description: expect.stringContaining("application/json"),
        });
      }
    }
    expect(await tracesOf(user)).toEqual({ audit: 0, credentials: 0 });

    // The same guess as JSON is checked (and counted), and the right password still works.
    const guess = await own.api().post("/api/v2/api_tokens", {
      headers: { "Content-Type": "application/json; charset=utf-8" },
      data: JSON.stringify({ email: user.email, password: "a wrong guess" }),
    });
    expect(guess.status()).toBe(401);
    expect((await tracesOf(user)).audit).toBe(1);
    const right = await own.api().post("/api/v2/api_tokens", {
      headers: { "Content-Type": 'Application/JSON;Charset="UTF-8"' },
      data: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    expect(right.status()).toBe(200);
    expect((await right.json()).token).toMatch(/^kw_tok_/);
  });

  test("a page on another site cannot make its visitors' browsers exchange or guess passwords", async ({ page }) => {
    const user = await person();
    let attacker: Server | undefined;
    try {
      // The attacker's page: a no-cors POST with a content type any page may send without a preflight.
      attacker = createServer((_request, response) => {
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        response.end(`<!doctype html><title>Win a prize</title><script>
          const send = (password) => fetch(${JSON.stringify(`${own.server().baseURL}/api/v2/api_tokens`)}, { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain; x=application/json" }, body: JSON.stringify({ email: ${JSON.stringify(user.email)}, password }) });
          Promise.all([send("a wrong guess"), send(${JSON.stringify(PASSWORD)})]).then(() => { document.title = "sent"; }, (error) => { document.title = "failed: " + error; });
        </script>`);
      });
      await new Promise<void>((resolve) => attacker!.listen(0, "127.0.0.1", resolve));
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      await expect(page).toHaveTitle("sent");
      expect(await tracesOf(user)).toEqual({ audit: 0, credentials: 0 });
    } finally {
      await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
    }
  });
});

test("an Invoca POST with oauth_token in a body that is not JSON is 415 and changes nothing; JSON with charset=utf-8 works", async ({
  request,
}) => {
  const network = await apiNetwork(test.info());
  const { token } = await arrangePersonalToken(test.info(), "network_user");
  const id = network.advertiserIds[0]!;
  const before = await (
    await request.get(`/api/${V}/advertisers/${id}.json`, { headers: { Authorization: token } })
  ).json();
  const hostile = await request.post(`/api/${V}/advertisers/${id}.json`, {
    headers: { "Content-Type": "text/plain; x=application/json" },
    data: Buffer.from(JSON.stringify({ oauth_token: token, name: "Renamed by another site" })),
  });
  expect(hostile.status()).toBe(415);
  expect(await hostile.json()).toMatchObject({
    error: "invalid_request",
    error_description: expect.stringContaining("application/json"),
  });
  expect(
    await (await request.get(`/api/${V}/advertisers/${id}.json`, { headers: { Authorization: token } })).json(),
  ).toEqual(before);

  const json = await request.post(`/api/${V}/advertisers/${id}.json`, {
    headers: { "Content-Type": "application/json; charset=utf-8" },
    // The body an Invoca POST needs since it creates or updates (name is required): the same name, so nothing changes.
    data: JSON.stringify({ oauth_token: token, name: before.name }),
  });
  expect(json.status()).toBe(200);
  expect(await json.json()).toMatchObject({ id, name: before.name });
});

test.describe("every page has a Content-Security-Policy", () => {
  const REQUIRED = ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"];

  function nonceOf(policy: string | undefined): string {
    expect(policy).toBeTruthy();
    for (const directive of REQUIRED) expect(policy).toContain(directive);
    const scriptSrc = policy!
      .split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith("script-src "));
    expect(scriptSrc).toMatch(/'strict-dynamic'/);
    expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(scriptSrc ?? "")?.[1];
    expect(nonce).toBeTruthy();
    return nonce!;
  }

  /**
   * Every CSP report and console error in the page, across navigations. A resource that is
   * not there (Chromium asks for /favicon.ico when it likes) is not the policy's doing; a
   * resource the policy blocks is reported as a violation and as "Refused to …" besides.
   */
  async function watchForViolations(page: Page): Promise<string[]> {
    const problems: string[] = [];
    page.on("console", (message) => {
      const text = message.text();
      if (
        (message.type() === "error" && !text.startsWith("Failed to load resource:")) ||
        /Content.Security.Policy|Refused to/i.test(text)
      )
        problems.push(`console ${message.type()}: ${text}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.exposeBinding(
      "keywardReportViolation",
      (_source, text: string) => void problems.push(`violation: ${text}`),
    );
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (window as unknown as { keywardReportViolation(text: string): void }).keywardReportViolation(
          `${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
        );
      });
    });
    return problems;
  }

  test("the sign-in page, the dashboard and the consent page carry a strict policy with a fresh nonce on every response", async ({
    page,
    request,
  }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    const nonce = nonceOf(first.headers()["content-security-policy"]);
    expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);
    // Next.js puts the nonce on its own scripts, and every script has it.
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const loopback = await startLoopbackApp();
    try {
      const { app, user } = await arrangeOAuthApp(test.info(), loopback);
      await signInExpectingDashboard(page, user.email, user.password);
      const dashboard = await page.reload();
      const dashboardNonce = nonceOf(dashboard?.headers()["content-security-policy"]);
      expect(dashboardNonce).not.toBe(nonce);
      const consent = await page.goto(
        authorizePath({
          response_type: "code",
          client_id: app.clientId,
          redirect_uri: loopback.redirectUri,
          scope: "users:read",
          state: randomState(),
          code_challenge: pkcePair().challenge,
          code_challenge_method: "S256",
        }),
      );
      expect(nonceOf(consent?.headers()["content-security-policy"])).not.toBe(dashboardNonce);
    } finally {
      await loopback.close();
    }
  });

  test("without JavaScript, Allow still brings the user back to the app: the consent page's form-action names that app's origin", async ({
    browser,
    page,
  }) => {
    const loopback = await startLoopbackApp();
    try {
      const { app, user } = await arrangeOAuthApp(test.info(), loopback);
      await signInExpectingDashboard(page, user.email, user.password);
      const noScript = await browser.newContext({
        javaScriptEnabled: false,
        storageState: await page.context().storageState(),
        baseURL: baseURL(),
      });
      try {
        const plain = await noScript.newPage();
        const state = randomState();
        const consent = await plain.goto(
          authorizePath({
            response_type: "code",
            client_id: app.clientId,
            redirect_uri: loopback.redirectUri,
            scope: "users:read",
            state,
            code_challenge: pkcePair().challenge,
            code_challenge_method: "S256",
          }),
        );
        expect(consent?.headers()["content-security-policy"]).toContain(`form-action 'self' ${loopback.origin};`);
        // A plain form POST, answered with a redirect to the app: Chromium checks that redirect against form-action.
        await plain.getByRole("button", { name: "Allow" }).click();
        const answer = await arrivalAt(plain, loopback.redirectUri);
        expect(answer.get("code")).toMatch(/^kw_ac_/);
        expect(answer.get("state")).toBe(state);
      } finally {
        await noScript.close();
      }
    } finally {
      await loopback.close();
    }
  });

  test("HSTS and upgrade-insecure-requests only when KEYWARD_URL is https", async ({ request }, testInfo) => {
    test.skip(testInfo.project.name !== "sqlite", "the header depends on KEYWARD_URL alone");
    const plain = await request.get("/sign-in");
    expect(plain.headers()["strict-transport-security"]).toBeUndefined();
    expect(plain.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");
    // Behind a TLS-terminating proxy: Keyward itself still answers plain HTTP here.
    const behindTls = await startServer({
      kind: "sqlite",
      port: extraPort(10, testInfo),
      env: { KEYWARD_URL: "https://keyward.example.com" },
    });
    try {
      const answer = await rawGet(`${behindTls.baseURL}/sign-in`, {});
      expect(answer.status).toBe(200);
      expect(answer.headers["strict-transport-security"]).toBe("max-age=63072000");
      expect(answer.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
    } finally {
      await behindTls.stop();
    }
  });

  test("signing in, moving around the dashboard and allowing an app work under the policy, with no violation", async ({
    page,
  }) => {
    const problems = await watchForViolations(page);
    const loopback = await startLoopbackApp();
    try {
      const { app, user } = await arrangeOAuthApp(test.info(), loopback);
      await signInExpectingDashboard(page, user.email, user.password);
      const navigation = page.getByRole("navigation", { name: "Main Navigation" });
      const links = await navigation.getByRole("link").all();
      expect(links.length).toBeGreaterThan(1);
      for (const name of await Promise.all(links.map((link) => link.innerText()))) {
        await navigation.getByRole("link", { name: name.trim(), exact: true }).click();
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      }

      const state = randomState();
      await page.goto(
        authorizePath({
          response_type: "code",
          client_id: app.clientId,
          redirect_uri: loopback.redirectUri,
          scope: "users:read",
          state,
          code_challenge: pkcePair().challenge,
          code_challenge_method: "S256",
        }),
      );
      await page.getByRole("button", { name: "Allow" }).click();
      const answer = await arrivalAt(page, loopback.redirectUri);
      expect(answer.get("code")).toMatch(/^kw_ac_/);
      expect(answer.get("state")).toBe(state);
      expect(problems).toEqual([]);
    } finally {
      await loopback.close();
    }
  });

  test("a super admin walks every page of the navigation, the user pages and the New dialogs, with no violation", async ({
    page,
  }) => {
    const problems = await watchForViolations(page);
    const someone = await arrangeUser(test.info(), { role: "network_user" });
    await resumeSession(page, "super_admin");
    const navigation = page.getByRole("navigation", { name: "Main Navigation" });
    const names = (await navigation.getByRole("link").allInnerTexts()).map((name) => name.trim());
    // The super admin's own screens are all there, so the walk below passes them.
    for (const name of ["Advertisers", "Publishers", "Manage Users", "API Keys", "OAuth Apps", "API Settings"])
      expect(names).toContain(name);
    for (const name of names) {
      await navigation.getByRole("link", { name, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    }

    // The pages the navigation leads to rather than names, each loaded afresh.
    for (const path of ["/users/new", `/users/${someone.id}`, "/integrations/invoca-apis/new"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    }

    // The dialogs whose forms are client components of their own.
    await page.goto("/oauth-apps");
    await page.getByRole("button", { name: "Register OAuth App" }).click();
    await expect(page.getByRole("dialog", { name: "Register OAuth App" })).toBeVisible();
    for (const [path, label] of [
      ["/advertisers", "Advertiser"],
      ["/publishers", "Publisher"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("button", { name: `New ${label}` }).click();
      await expect(page.getByRole("dialog", { name: `New ${label}` })).toBeVisible();
    }
    expect(problems).toEqual([]);
  });
});
